internal import Glibc
public import PFKeyListener

/// Opens the kernel interface a daemon or setkey was allowed: PF_KEY when an `AF_KEY` socket opens, XFRM
/// netlink otherwise (docs/kernel.md).
public enum KernelChannelSelection {
    /// An opened interface.
    public struct Opened {
        public let channel: any KernelChannel
        /// The descriptors an event loop watches.
        public let fileDescriptors: [Int32]
        public let close: () -> Void
        /// Which interface and why, for the startup log: `PF_KEY (af_key)`, `XFRM netlink (PF_KEY unavailable …)`.
        public let summary: String
    }

    /// Opens PF_KEY if `pfkey` allows it and it opens, else XFRM netlink if `xfrm` allows it. Permission
    /// problems are not a reason to fall back: they are reported as they are.
    public static func open(pfkey: Bool, xfrm: Bool, bufferKB: Int?) throws(PFKeyError) -> Opened {
        var pfkeyFailure: PFKeyError?
        if pfkey {
            do {
                let socket = try PFKeySocket(bufferKB: bufferKB)
                return Opened(
                    channel: socket, fileDescriptors: [socket.fileDescriptor], close: { socket.close() },
                    summary: "PF_KEY (af_key)\(xfrm ? "" : ", as configured")")
            } catch .unavailable(let code) where xfrm {
                pfkeyFailure = .unavailable(errno: code)
            }
        }
        guard xfrm else { throw .noKernelInterface("no kernel interface allowed") }
        do {
            let socket = try XFRMSocket(bufferKB: bufferKB)
            let why = pfkeyFailure != nil ? "PF_KEY unavailable: no af_key in this kernel" : "as configured"
            return Opened(
                channel: socket, fileDescriptors: socket.fileDescriptors, close: { socket.close() },
                summary: "XFRM netlink (\(why))")
        } catch .unavailable {
            throw .noKernelInterface(
                pfkey
                    ? "neither PF_KEY (af_key) nor XFRM netlink (xfrm_user) is available in this kernel"
                    : "XFRM netlink unavailable (kernel built without CONFIG_XFRM_USER, or the xfrm_user module is"
                        + " not loaded: try `modprobe xfrm_user`)")
        }
    }
}
