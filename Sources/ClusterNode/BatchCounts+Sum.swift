import ClusterProtocol

extension BatchCounts {
    /// Field-by-field sum (wrapping, as counters do).
    public func adding(_ other: BatchCounts) -> BatchCounts {
        BatchCounts(accepted: accepted &+ other.accepted, duplicate: duplicate &+ other.duplicate,
                    invalid: invalid &+ other.invalid, stale: stale &+ other.stale,
                    unknownParent: unknownParent &+ other.unknownParent, underTarget: underTarget &+ other.underTarget)
    }
}
