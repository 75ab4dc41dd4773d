/* A stop flag shared between a controlling thread and kernel loops. */
#include <stdatomic.h>
#include <stdlib.h>

#include "packetcrypt.h"

struct pc_signal { atomic_int raised; };

pc_signal *pc_signal_new(void) {
    pc_signal *s = malloc(sizeof *s);
    if (s) atomic_init(&s->raised, 0);
    return s;
}
void pc_signal_free(pc_signal *s) { free(s); }
void pc_signal_raise(pc_signal *s) { atomic_store_explicit(&s->raised, 1, memory_order_release); }
void pc_signal_clear(pc_signal *s) { atomic_store_explicit(&s->raised, 0, memory_order_release); }
int pc_signal_is_raised(const pc_signal *s) {
    return s && atomic_load_explicit(&((pc_signal *)s)->raised, memory_order_acquire);
}
