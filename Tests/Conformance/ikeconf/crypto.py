"""IKEv1 key material (RFC 2409 §5, Appendix B) for HMAC-SHA1, AES-128-CBC and MODP-1024, written from the RFC."""
import hashlib
import hmac
import secrets

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

# RFC 2409 §6.2, the Second Oakley Group (MODP-1024), generator 2
MODP1024 = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF", 16)
GROUP_BYTES = 128
BLOCK = 16


def prf(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha1).digest()


class DH:
    def __init__(self) -> None:
        self.private = secrets.randbelow(MODP1024 - 3) + 2
        self.public = pow(2, self.private, MODP1024).to_bytes(GROUP_BYTES, "big")

    def shared(self, peer_public: bytes) -> bytes:
        return pow(int.from_bytes(peer_public, "big"), self.private, MODP1024).to_bytes(GROUP_BYTES, "big")


def aes_cbc(key: bytes, iv: bytes, data: bytes, encrypt: bool) -> bytes:
    cipher = Cipher(algorithms.AES(key), modes.CBC(iv))
    op = cipher.encryptor() if encrypt else cipher.decryptor()
    return op.update(data) + op.finalize()


def pad(plaintext: bytes) -> bytes:
    """RFC 2408 §3.1: the encrypted body is padded to the block size (zeros here)."""
    return plaintext + bytes(-len(plaintext) % BLOCK)


class Phase1Keys:
    """SKEYID and friends for pre-shared keys (RFC 2409 §5), and the phase-1 IV (Appendix B)."""

    def __init__(self, psk: bytes, ni: bytes, nr: bytes, gxy: bytes, gxi: bytes, gxr: bytes, cky_i: bytes,
                 cky_r: bytes) -> None:
        self.skeyid = prf(psk, ni + nr)
        self.d = prf(self.skeyid, gxy + cky_i + cky_r + b"\x00")
        self.a = prf(self.skeyid, self.d + gxy + cky_i + cky_r + b"\x01")
        self.e = prf(self.skeyid, self.a + gxy + cky_i + cky_r + b"\x02")
        self.key = self.e[:16]
        self.iv = hashlib.sha1(gxi + gxr).digest()[:BLOCK]

    def phase2_iv(self, message_id: int) -> bytes:
        """Appendix B: hash(last phase-1 CBC block | M-ID)."""
        return hashlib.sha1(self.iv + message_id.to_bytes(4, "big")).digest()[:BLOCK]


def keymat(skeyid_d: bytes, protocol: int, spi: bytes, ni: bytes, nr: bytes, length: int) -> bytes:
    """RFC 2409 §5.5 KEYMAT without PFS."""
    seed = bytes([protocol]) + spi + ni + nr
    out, block = b"", b""
    while len(out) < length:
        block = prf(skeyid_d, block + seed)
        out += block
    return out[:length]
