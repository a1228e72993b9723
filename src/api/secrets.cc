// Masking of secret and password fields.
#include "api/secrets.h"

namespace crier {

nlohmann::json MaskedValue(const nlohmann::json& value) {
  if (value.is_null() || (value.is_string() && value.get<std::string>().empty())) return value;
  constexpr std::string_view kMask = "********";
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    for (std::string_view scheme : {"https://", "http://"}) {
      if (s.rfind(scheme, 0) != 0) continue;
      std::string rest = s.substr(scheme.size());
      std::string host = rest.substr(0, rest.find_first_of("/?#"));
      // Userinfo may hold a token: keep only what follows '@'.
      if (auto at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
      return std::string(scheme) + host + "/" + std::string(kMask);
    }
  }
  return std::string(kMask);
}

void MaskSecrets(const Meta& meta, bool reveal, nlohmann::json& doc) {
  if (!doc.is_object()) return;
  for (const FieldMeta& f : meta.fields) {
    if (!f.secret) continue;
    if (reveal && f.type != FieldType::kPassword) continue;
    if (doc.contains(f.fieldname)) doc[f.fieldname] = MaskedValue(doc[f.fieldname]);
  }
}

}  // namespace crier
