import CPacketCrypt
import Synchronization

/// Fixed storage for up to 4096 announcements, the unit announcement sets
/// are built from. Announcements are copied in once and never move, so a
/// set can refer to them without copying; appends never disturb readers.
public final class AnnouncementChunk: Sendable {
    public static let capacity = Int(PC_ANN_CHUNK_ANNS)

    nonisolated(unsafe) let base: UnsafeMutableRawPointer
    private let used = Mutex(0)

    public init() {
        base = UnsafeMutableRawPointer.allocate(byteCount: Self.capacity * Announcement.size, alignment: 64)
    }

    deinit { base.deallocate() }

    /// Announcements stored so far.
    public var count: Int { used.withLock { $0 } }

    public var isFull: Bool { count == Self.capacity }

    /// Copies `announcement` in; false when the chunk is full.
    @discardableResult
    public func append(_ announcement: Announcement) -> Bool {
        used.withLock { count in
            guard count < Self.capacity else { return false }
            announcement.bytes.withUnsafeBytes {
                (base + count * Announcement.size).copyMemory(from: $0.baseAddress!, byteCount: Announcement.size)
            }
            count += 1
            return true
        }
    }

    public subscript(index: Int) -> Announcement {
        precondition(index >= 0 && index < count, "announcement index out of range")
        let start = (base + index * Announcement.size).assumingMemoryBound(to: UInt8.self)
        return Announcement(unchecked: Array(UnsafeBufferPointer(start: start, count: Announcement.size)))
    }

    /// Packs announcements into as many chunks as they need.
    public static func chunks(of announcements: [Announcement]) -> [AnnouncementChunk] {
        var chunks: [AnnouncementChunk] = []
        for ann in announcements {
            if chunks.last?.isFull ?? true { chunks.append(AnnouncementChunk()) }
            chunks[chunks.count - 1].append(ann)
        }
        return chunks
    }
}
