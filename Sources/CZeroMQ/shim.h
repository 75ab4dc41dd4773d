/* libzmq for Swift: the system header, as installed by libzmq3-dev. */
#include <zmq.h>
