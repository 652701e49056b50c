import Testing
@testable import PFKeyListener
@testable import XFRMNetlink

/// LIFETIME_HARD / LIFETIME_SOFT to the halves of `xfrm_lifetime_cfg` and back (af_key's _KEY2X and _X2KEY).
@Suite struct LifetimeHalvesTests {
    @Test func eachSADBLifetimeFillsItsOwnHalfAndComesBack() {
        let hard = SADBLifetime(allocations: 7, bytes: 0, addTime: 3600, useTime: 60)
        let soft = SADBLifetime(allocations: 0, bytes: 1 << 20, addTime: 2880, useTime: 0)
        let configuration = SADBToXFRM.lifetime(hard: hard, soft: soft)
        #expect(configuration.hardPacketLimit == 7 && configuration.hardByteLimit == XFRMLifetimeConfiguration.infinite)
        #expect(configuration.hardAddExpiresSeconds == 3600 && configuration.hardUseExpiresSeconds == 60)
        #expect(configuration.softPacketLimit == XFRMLifetimeConfiguration.infinite && configuration.softByteLimit == 1 << 20)
        #expect(configuration.softAddExpiresSeconds == 2880 && configuration.softUseExpiresSeconds == 0)
        #expect(XFRMToSADB.lifetime(configuration, .hard) == hard)
        #expect(XFRMToSADB.lifetime(configuration, .soft) == soft)
    }

    @Test func aMissingLifetimeLeavesItsHalfUnlimited() {
        let configuration = SADBToXFRM.lifetime(hard: SADBLifetime(addTime: 30), soft: nil)
        #expect(configuration.hardAddExpiresSeconds == 30)
        #expect(configuration.softByteLimit == XFRMLifetimeConfiguration.infinite)
        #expect(configuration.softPacketLimit == XFRMLifetimeConfiguration.infinite)
        #expect(configuration.softAddExpiresSeconds == 0)
        #expect(XFRMToSADB.lifetime(configuration, .soft) == SADBLifetime())
    }
}
