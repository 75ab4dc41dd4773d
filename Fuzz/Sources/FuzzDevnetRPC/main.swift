import Foundation

/// The devnet server's reading of a request body, in its order: refuse
/// bodies over the limit, refuse nesting past the limit without parsing,
/// then decode an `RPCRequest`. A request that decodes is answered by
/// encoding, so its values must encode too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDevnetRPC(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard size <= DevnetRequestLimits.maxBodyBytes else { return 0 }
    let body = size == 0 ? Data() : Data(bytes: data!, count: size)
    if DevnetRequestLimits.nestsTooDeep(body) { return 0 }
    guard let request = try? JSONDecoder().decode(RPCRequest.self, from: body) else { return 0 }
    let echo = RPCResponse(result: .array(request.params ?? []), error: nil, id: request.id)
    guard let encoded = try? JSONEncoder().encode(echo) else {
        fatalError("a decoded request's values do not encode")
    }
    precondition(!DevnetRequestLimits.nestsTooDeep(encoded) || encoded.count > body.count,
                 "an answer nests deeper than the request it echoes")
    return 0
}
