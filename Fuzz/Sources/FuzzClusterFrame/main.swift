import ClusterProtocol

/// Decodes one cluster frame. A frame that decodes must encode to a frame
/// that decodes to the same message: a decoder that accepts something its
/// encoder cannot reproduce is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzClusterFrame(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let frame = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    guard let message = try? ClusterMessage.decode(frame) else { return 0 }
    _ = message.type.name
    _ = message.topic
    let again: ClusterMessage
    do {
        again = try ClusterMessage.decode(message.encode())
    } catch {
        fatalError("a decoded \(message.type) does not decode after encoding: \(error)")
    }
    precondition(again == message, "a decoded \(message.type) changes on a second round trip")
    return 0
}
