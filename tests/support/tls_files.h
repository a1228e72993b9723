// A throwaway certificate authority for tests that need TLS (the HTTPS sender, SMTP with STARTTLS):
// a self-signed certificate for localhost and 127.0.0.1, written as PEM files in a temporary
// folder that is removed with the object.
#pragma once

#include <string>

namespace crier::testing {

class TlsFiles {
 public:
  // Generates an EC P-256 key and a self-signed certificate valid for a day, with subject
  // alternative names DNS:localhost and IP:127.0.0.1. Aborts the test program on failure.
  TlsFiles();
  ~TlsFiles();
  TlsFiles(const TlsFiles&) = delete;
  TlsFiles& operator=(const TlsFiles&) = delete;

  const std::string& cert() const { return cert_; }  // PEM; also the CA file to trust.
  const std::string& key() const { return key_; }    // PEM, unencrypted.

 private:
  std::string dir_, cert_, key_;
};

}  // namespace crier::testing
