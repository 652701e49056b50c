// The only C surface Raccoon uses from OpenSSL 3 (libcrypto). Imported by IKECrypto alone.
#ifndef RACCOON_COPENSSL_SHIM_H
#define RACCOON_COPENSSL_SHIM_H

// Hide every API that OpenSSL 3 deprecates (DH_*, HMAC_CTX_*, low-level cipher calls, ...), so that using one
// is a compile error rather than a review finding.
#ifndef OPENSSL_NO_DEPRECATED
#define OPENSSL_NO_DEPRECATED 1
#endif

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/dh.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/opensslv.h>
#include <openssl/param_build.h>
#include <openssl/params.h>
#include <openssl/rand.h>

// EVP_PKEY_KEYPAIR and EVP_PKEY_PUBLIC_KEY are macros built from other macros (an OR of OSSL_KEYMGMT_SELECT_*
// flags); Swift does not import such compound macros, so they are re-exposed as functions.
static inline int COpenSSL_EVP_PKEY_KEYPAIR(void) { return EVP_PKEY_KEYPAIR; }
static inline int COpenSSL_EVP_PKEY_PUBLIC_KEY(void) { return EVP_PKEY_PUBLIC_KEY; }
static inline int COpenSSL_EVP_PKEY_KEY_PARAMETERS(void) { return EVP_PKEY_KEY_PARAMETERS; }

#endif
