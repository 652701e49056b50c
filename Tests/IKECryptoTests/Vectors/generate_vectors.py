#!/usr/bin/env python3
"""Generates Vectors/ikev1-key-schedule.json: IKEv1 (RFC 2409) phase-1 and phase-2 key-schedule vectors.

Computed independently of the Swift code, with Python's hmac/hashlib and the `cryptography` package
(a cross-check of every Diffie-Hellman public value, AES and 3DES in CBC mode). Every input is derived deterministically from the case
name, so re-running the script reproduces the committed file byte for byte:

    python3 Tests/IKECryptoTests/Vectors/generate_vectors.py > Tests/IKECryptoTests/Vectors/ikev1-key-schedule.json

Cases: {3des, aes128, aes256} x {md5, sha1, sha256} x {MODP group 2, group 14} x {no PFS, PFS}.
"""
import hashlib
import hmac
import json
import struct
import sys
import warnings

from cryptography.hazmat.primitives.asymmetric import dh
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

try:  # cryptography >= 43 moved TripleDES to the "decrepit" module
    from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
except ImportError:  # pragma: no cover
    TripleDES = algorithms.TripleDES

warnings.filterwarnings("ignore")

# RFC 2409 section 6.2 and RFC 3526 section 3 primes; generator 2.
MODP = {
    2: int(
        "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
        "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
        "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
        "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF", 16),
    14: int(
        "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
        "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
        "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
        "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"
        "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
        "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
        "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
        "3995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF", 16),
}
assert MODP[2].bit_length() == 1024 and MODP[14].bit_length() == 2048
CIPHERS = {  # name: (cryptography algorithm, key size, block size)
    "3des": (TripleDES, 24, 8),
    "aes128": (algorithms.AES, 16, 16),
    "aes256": (algorithms.AES, 32, 16),
}
HASHES = {"md5": 16, "sha1": 20, "sha256": 32}


def det(label, n):
    """n deterministic bytes for `label` (SHA-256 in counter mode)."""
    out = b""
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(label.encode() + struct.pack(">I", counter)).digest()
        counter += 1
    return out[:n]


def prf(h, key, *parts):
    return hmac.new(key, b"".join(parts), h).digest()


class HmacDrbg:
    """NIST SP 800-90A HMAC_DRBG with HMAC-SHA-256, instantiated from the seed only (as SeededRandom is)."""

    def __init__(self, seed):
        self.k = b"\x00" * 32
        self.v = b"\x01" * 32
        self._update(seed)

    def _update(self, data):
        self.k = hmac.new(self.k, self.v + b"\x00" + (data or b""), "sha256").digest()
        self.v = hmac.new(self.k, self.v, "sha256").digest()
        if data:
            self.k = hmac.new(self.k, self.v + b"\x01" + data, "sha256").digest()
            self.v = hmac.new(self.k, self.v, "sha256").digest()

    def generate(self, n):
        out = b""
        while len(out) < n:
            self.v = hmac.new(self.k, self.v, "sha256").digest()
            out += self.v
        self._update(None)
        return out[:n]


def dh_pair(group, label):
    """A private value of 256 bits with the top bit set (Raccoon's exponent policy) and its public value.

    g^x mod p is plain Python integer arithmetic. `cryptography` cannot import a DH private key with these
    parameters (its DH_check refuses g = 2 for safe primes whose 2 is a quadratic residue), so instead every
    public value is cross-checked against a key `cryptography` generates itself (see check_with_cryptography).
    """
    p = MODP[group]
    size = p.bit_length() // 8
    x = int.from_bytes(det(label, 32), "big") | (1 << 255)
    return x.to_bytes(32, "big"), pow(2, x, p).to_bytes(size, "big"), x


def exchange(x, peer_public, group):
    p = MODP[group]
    size = p.bit_length() // 8
    return pow(int.from_bytes(peer_public, "big"), x, p).to_bytes(size, "big")  # RFC 2409: left-padded


_CHECK_KEYS = {}


def check_with_cryptography(group, public, x):
    """Asserts that OpenSSL (through cryptography) agrees with the integer arithmetic for this public value:
    a generated key k gives exchange(k, g^x) == (g^k)^x."""
    p = MODP[group]
    size = p.bit_length() // 8
    params = dh.DHParameterNumbers(p, 2)
    if group not in _CHECK_KEYS:
        _CHECK_KEYS[group] = params.parameters().generate_private_key()
    k = _CHECK_KEYS[group]
    peer = dh.DHPublicNumbers(int.from_bytes(public, "big"), params).public_key()
    theirs = k.exchange(peer).rjust(size, b"\x00")
    ours = pow(k.public_key().public_numbers().y, x, p).to_bytes(size, "big")
    assert theirs == ours, "cryptography disagrees with the integer DH arithmetic"


def cbc_encrypt(cipher, key, iv, data):
    algorithm = CIPHERS[cipher][0]
    e = Cipher(algorithm(key), modes.CBC(iv)).encryptor()
    return e.update(data) + e.finalize()


def racoon_pad(body, block, drbg):
    """racoon default padding: 1..block bytes, random, last byte = pad length - 1 (exclusive_tail)."""
    pad = block - len(body) % block
    return body + drbg.generate(pad - 1) + bytes([pad - 1])


def payload(next_payload, body):
    return struct.pack(">BBH", next_payload, 0, 4 + len(body)) + body


def case(cipher, hname, group, pfs):
    name = f"{cipher}-{hname}-modp{group}-{'pfs' if pfs else 'nopfs'}"
    _, key_size, block = CIPHERS[cipher]
    h = getattr(hashlib, hname)
    v = {"name": name, "cipher": cipher, "hash": hname, "group": group, "pfs": pfs}

    # Phase 1 inputs.
    psk = det(name + "/psk", 12)
    ni, nr = det(name + "/ni", 16), det(name + "/nr", 20)
    cky_i, cky_r = det(name + "/cky-i", 8), det(name + "/cky-r", 8)
    xi, gxi, key_i = dh_pair(group, name + "/xi")
    xr, gxr, key_r = dh_pair(group, name + "/xr")
    check_with_cryptography(group, gxi, key_i)
    check_with_cryptography(group, gxr, key_r)
    gxy = exchange(key_i, gxr, group)
    assert gxy == exchange(key_r, gxi, group)
    # SAi_b: DOI IPSEC, situation identity-only, one ISAKMP proposal with one transform (bytes are opaque here).
    sai_b = bytes.fromhex("0000000100000001") + det(name + "/sa", 40)
    idii_b = bytes([1, 0, 0, 0]) + bytes([10, 0, 0, 1])   # ID_IPV4_ADDR 10.0.0.1, proto 0, port 0
    idir_b = bytes([1, 17, 1, 244]) + bytes([10, 0, 0, 2])  # ID_IPV4_ADDR 10.0.0.2, UDP/500
    v.update(psk=psk, ni=ni, nr=nr, cky_i=cky_i, cky_r=cky_r, xi=xi, xr=xr, gxi=gxi, gxr=gxr, gxy=gxy,
             sai_b=sai_b, idii_b=idii_b, idir_b=idir_b)

    # RFC 2409 section 5: SKEYID for pre-shared keys, and its derivatives.
    skeyid = prf(h, psk, ni, nr)
    skeyid_d = prf(h, skeyid, gxy, cky_i, cky_r, b"\x00")
    skeyid_a = prf(h, skeyid, skeyid_d, gxy, cky_i, cky_r, b"\x01")
    skeyid_e = prf(h, skeyid, skeyid_a, gxy, cky_i, cky_r, b"\x02")
    # RFC 2409 Appendix B: cipher key expansion.
    if len(skeyid_e) >= key_size:
        enc_key = skeyid_e[:key_size]
    else:
        k = prf(h, skeyid_e, b"\x00")
        enc_key = k
        while len(enc_key) < key_size:
            k = prf(h, skeyid_e, k)
            enc_key += k
        enc_key = enc_key[:key_size]
    v.update(skeyid=skeyid, skeyid_d=skeyid_d, skeyid_a=skeyid_a, skeyid_e=skeyid_e, enc_key=enc_key)

    hash_i = prf(h, skeyid, gxi, gxr, cky_i, cky_r, sai_b, idii_b)
    hash_r = prf(h, skeyid, gxr, gxi, cky_r, cky_i, sai_b, idir_b)
    phase1_iv = h(gxi + gxr).digest()[:block]
    v.update(hash_i=hash_i, hash_r=hash_r, phase1_iv=phase1_iv)

    # MM5 and MM6 bodies (ID, HASH), padded as racoon pads with a SeededRandom-compatible DRBG, chained.
    pad_seed = det(name + "/pad-seed", 16)
    drbg = HmacDrbg(pad_seed)
    mm5_plain = payload(8, idii_b) + payload(0, hash_i)
    mm5_padded = racoon_pad(mm5_plain, block, drbg)
    mm5_cipher = cbc_encrypt(cipher, enc_key, phase1_iv, mm5_padded)
    mm6_plain = payload(8, idir_b) + payload(0, hash_r)
    mm6_padded = racoon_pad(mm6_plain, block, drbg)
    mm6_cipher = cbc_encrypt(cipher, enc_key, mm5_cipher[-block:], mm6_padded)
    v.update(pad_seed=pad_seed, mm5_plain=mm5_plain, mm5_padded=mm5_padded, mm5_cipher=mm5_cipher,
             mm6_plain=mm6_plain, mm6_padded=mm6_padded, mm6_cipher=mm6_cipher)
    last_phase1_block = mm6_cipher[-block:]

    # Quick Mode (RFC 2409 section 5.5).
    msgid = int.from_bytes(det(name + "/msgid", 4), "big") | 1
    mid = struct.pack(">I", msgid)
    qm_iv = h(last_phase1_block + mid).digest()[:block]
    ni2, nr2 = det(name + "/qm-ni", 16), det(name + "/qm-nr", 24)
    spi_i, spi_r = det(name + "/spi-i", 4), det(name + "/spi-r", 4)
    sa_i = payload(10, bytes.fromhex("0000000100000001") + det(name + "/qm-sa-i", 44))
    sa_r = payload(10, bytes.fromhex("0000000100000001") + det(name + "/qm-sa-r", 44))
    v.update(msgid=msgid, qm_iv=qm_iv, qm_ni=ni2, qm_nr=nr2, spi_i=spi_i, spi_r=spi_r)
    gqxy = b""
    if pfs:
        xqi, gqi, kqi = dh_pair(group, name + "/xqi")
        xqr, gqr, kqr = dh_pair(group, name + "/xqr")
        check_with_cryptography(group, gqi, kqi)
        gqxy = exchange(kqi, gqr, group)
        assert gqxy == exchange(kqr, gqi, group)
        v.update(xqi=xqi, xqr=xqr, gqi=gqi, gqr=gqr, gqxy=gqxy)
        qm1_rest = sa_i + payload(4, ni2) + payload(0, gqi)
        qm2_rest = sa_r + payload(4, nr2) + payload(0, gqr)
    else:
        qm1_rest = sa_i + payload(0, ni2)
        qm2_rest = sa_r + payload(0, nr2)
    hash1 = prf(h, skeyid_a, mid, qm1_rest)
    hash2 = prf(h, skeyid_a, mid, ni2, qm2_rest)
    hash3 = prf(h, skeyid_a, b"\x00", mid, ni2, nr2)
    qm1_plain = payload(1, hash1) + qm1_rest
    qm1_padded = racoon_pad(qm1_plain, block, drbg)
    qm1_cipher = cbc_encrypt(cipher, enc_key, qm_iv, qm1_padded)
    v.update(qm1_rest=qm1_rest, qm2_rest=qm2_rest, hash1=hash1, hash2=hash2, hash3=hash3,
             qm1_plain=qm1_plain, qm1_padded=qm1_padded, qm1_cipher=qm1_cipher)

    # KEYMAT for ESP (protocol 3) with this case's cipher and HMAC of this case's hash, both SPIs.
    needed = key_size + HASHES[hname]
    def keymat(spi):
        seed = gqxy + b"\x03" + spi + ni2 + nr2
        out, k = b"", b""
        while len(out) < needed:
            k = prf(h, skeyid_d, k + seed)
            out += k
        return out[:needed]
    v.update(keymat_length=needed, esp_enc_length=key_size, esp_auth_length=HASHES[hname],
             keymat_spi_i=keymat(spi_i), keymat_spi_r=keymat(spi_r))

    # Informational exchange: HASH(1) = prf(SKEYID_a, M-ID | N/D) and its IV.
    inf_msgid = int.from_bytes(det(name + "/inf-msgid", 4), "big") | 1
    inf_mid = struct.pack(">I", inf_msgid)
    inf_payloads = payload(0, bytes.fromhex("00000001" "03" "04" "0001") + spi_i)  # DELETE ESP, one SPI
    v.update(inf_msgid=inf_msgid, inf_payloads=inf_payloads,
             inf_hash=prf(h, skeyid_a, inf_mid, inf_payloads),
             inf_iv=h(last_phase1_block + inf_mid).digest()[:block])
    return {k: (x.hex() if isinstance(x, bytes) else x) for k, x in v.items()}


def main():
    cases = [case(c, hn, g, pfs) for c in CIPHERS for hn in HASHES for g in (2, 14) for pfs in (False, True)]
    doc = {
        "description": "IKEv1 key schedule vectors (RFC 2409 section 5, 5.5, 5.7, Appendix B), generated by "
                       "Tests/IKECryptoTests/Vectors/generate_vectors.py with Python hmac/hashlib and cryptography "
                       "(DH, CBC). Hex strings; the padding bytes come from HMAC_DRBG-SHA256 seeded with pad_seed.",
        "cases": cases,
    }
    json.dump(doc, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
