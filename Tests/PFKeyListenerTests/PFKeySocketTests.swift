import Foundation
import Testing
@testable import PFKeyListener

/// True when the running kernel has PF_KEY (af_key creates /proc/net/pfkey).
let kernelHasPFKey = FileManager.default.fileExists(atPath: "/proc/net/pfkey")

@Suite struct PFKeySocketTests {
    @Test(.enabled(if: !kernelHasPFKey, "this kernel has PF_KEY; the real-kernel test covers it"))
    func kernelWithoutPFKeyGivesAnActionableError() {
        #expect {
            _ = try PFKeySocket()
        } throws: { error in
            guard let error = error as? PFKeyError, case .unavailable = error else { return false }
            return error.description
                == "PF_KEY unavailable (kernel built without CONFIG_NET_KEY, or the af_key module is not loaded: try `modprobe af_key`)"
        }
    }

    @Test func requestErrorsExplainTheErrno() {
        let denied = PFKeyError.requestFailed(request: .update, errno: 13)
        #expect(denied.description.contains("association:setcontext"))
        #expect(denied.description.hasPrefix("pfkey SADB_UPDATE failed: Permission denied"))
        #expect(PFKeyError.overrun.description.contains("ENOBUFS"))
    }
}
