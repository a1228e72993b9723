// Self-signed certificates with OpenSSL's EVP and X509 APIs.
#include "tls_files.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace crier::testing {
namespace {

[[noreturn]] void Die(const char* what) {
  std::fprintf(stderr, "TlsFiles: %s failed\n", what);
  std::abort();
}

void AddExtension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr || X509_add_ext(cert, ext, -1) != 1) Die("X509_add_ext");
  X509_EXTENSION_free(ext);
}

}  // namespace

TlsFiles::TlsFiles() {
  char tmpl[] = "/tmp/crier-tls-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) Die("mkdtemp");
  dir_ = tmpl;
  cert_ = dir_ + "/cert.pem";
  key_ = dir_ + "/key.pem";

  EVP_PKEY* pkey = EVP_EC_gen("P-256");
  if (pkey == nullptr) Die("EVP_EC_gen");
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 86400);
  X509_set_pubkey(cert, pkey);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  AddExtension(cert, NID_basic_constraints, "critical,CA:TRUE");
  AddExtension(cert, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
  if (X509_sign(cert, pkey, EVP_sha256()) == 0) Die("X509_sign");

  FILE* f = std::fopen(cert_.c_str(), "w");
  if (f == nullptr || PEM_write_X509(f, cert) != 1) Die("writing the certificate");
  std::fclose(f);
  f = std::fopen(key_.c_str(), "w");
  if (f == nullptr || PEM_write_PrivateKey(f, pkey, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    Die("writing the key");
  }
  std::fclose(f);
  X509_free(cert);
  EVP_PKEY_free(pkey);
}

TlsFiles::~TlsFiles() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

}  // namespace crier::testing
