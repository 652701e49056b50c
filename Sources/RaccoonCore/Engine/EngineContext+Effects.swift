internal import IKECrypto
internal import ISAKMP
internal import PFKeyListener
internal import Logging

extension EngineContext {
    func send(_ datagram: Datagram) {
        effects.append(.send(datagram))
    }

    func sendKernel(_ message: SADBMessage) {
        effects.append(.kernel(message))
    }

    func makeHandle() -> UInt64 {
        defer { nextHandle += 1 }
        return nextHandle
    }

    func makeSequence() -> UInt32 {
        nextSequence = nextSequence == .max ? 0x4000_0000 : nextSequence + 1
        return nextSequence
    }

    func randomCookie() -> Cookie? {
        do {
            var value: UInt64 = 0
            while value == 0 { value = try random.uint64() }
            return Cookie(rawValue: value)
        } catch {
            logger.error("random source failed: \(error)")
            return nil
        }
    }

    func randomMessageID() -> MessageID? {
        do {
            return MessageID(rawValue: try random.nonzeroUInt32())
        } catch {
            logger.error("random source failed: \(error)")
            return nil
        }
    }
}
