// The only C surface Raccoon uses from OpenSSL 3 (libcrypto). Imported by IKECrypto alone.
#ifndef RACCOON_COPENSSL_SHIM_H
#define RACCOON_COPENSSL_SHIM_H

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/opensslv.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#endif
