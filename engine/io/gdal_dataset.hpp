#pragma once
// What every GDAL caller in io shares: a dataset that closes itself, and GDAL's last message in a
// form fit for an error (one line, passwords redacted).

#include <gdal_priv.h>

#include <memory>
#include <string>

namespace lc::io {

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

// GDAL's (and, for PG:, libpq's) last message, redacted, on one line; "" when there is none.
std::string gdal_message();

// ": " + gdal_message(), or "" when GDAL said nothing: appended to an error's own text.
std::string gdal_reason();

}  // namespace lc::io
