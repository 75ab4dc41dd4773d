import ClusterNode
import ClusterProtocol
import Testing

/// Counters add field by field, every field.
struct BatchCountsTests {
    @Test func addingSumsEveryField() {
        let a = BatchCounts(accepted: 1, duplicate: 2, invalid: 3, stale: 4, unknownParent: 5, underTarget: 6)
        let sum = a.adding(a)
        #expect(sum == BatchCounts(accepted: 2, duplicate: 4, invalid: 6, stale: 8, unknownParent: 10, underTarget: 12))
        #expect(sum.total == 2 * a.total)
    }
}
