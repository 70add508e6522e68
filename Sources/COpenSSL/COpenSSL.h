#ifndef COPENSSL_H
#define COPENSSL_H

#include <stddef.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

// The two primitives SigV4 needs, from libcrypto's non-deprecated OpenSSL 3 API.
// Both return 1 on success and 0 on failure; `out` must hold 32 bytes.

static inline int copenssl_sha256(const void *data, size_t length, unsigned char *out) {
    unsigned int written = 0;
    return EVP_Digest(data, length, out, &written, EVP_sha256(), NULL) == 1 && written == 32;
}

static inline int copenssl_hmac_sha256(const void *key, size_t key_length,
                                       const void *data, size_t length, unsigned char *out) {
    unsigned int written = 0;
    if (key_length > 0x7fffffff) return 0;
    return HMAC(EVP_sha256(), key, (int)key_length, (const unsigned char *)data, length, out, &written) != NULL
        && written == 32;
}

// MD5, for S3's ETag of a single-part upload (not for security). `out` must hold 16 bytes.
static inline int copenssl_md5(const void *data, size_t length, unsigned char *out) {
    unsigned int written = 0;
    return EVP_Digest(data, length, out, &written, EVP_md5(), NULL) == 1 && written == 16;
}

#endif
