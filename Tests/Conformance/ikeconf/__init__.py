"""A black-box IKEv1 conformance suite for Raccoon (docs/conformance.md): an initiator of its own, written from
RFC 2408 and RFC 2409, that negotiates real Main and Quick Modes with the daemon and tampers with every field a
conformance tester would. Run it with scripts/conformance-test.sh."""
