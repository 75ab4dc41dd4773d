import CZeroMQ

/// The ZeroMQ socket patterns this binding supports.
public enum ZMQSocketType: Sendable, Hashable, CaseIterable {
    case pub, sub, dealer, router, push, pull, req, rep, pair

    var rawType: Int32 {
        switch self {
        case .pub: ZMQ_PUB
        case .sub: ZMQ_SUB
        case .dealer: ZMQ_DEALER
        case .router: ZMQ_ROUTER
        case .push: ZMQ_PUSH
        case .pull: ZMQ_PULL
        case .req: ZMQ_REQ
        case .rep: ZMQ_REP
        case .pair: ZMQ_PAIR
        }
    }
}
