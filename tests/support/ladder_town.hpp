// tests: the ladder town the CLI tests share: parallel streets a and b 0.001 deg lat apart
// (~111.2 m) joined by a cross street c at 106.801 E, where a and b have a vertex (at this
// latitude 0.0001 deg of longitude is ~8.57 m); a shop and a clinic; two homes and one far away.
#pragma once

#include "support/test_support.hpp"

namespace lc::test {

inline const char* kLadderStreets = R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[
{"type":"Feature","properties":{"name":"a"},"geometry":{"type":"LineString","coordinates":[[106.800,39.670],[106.801,39.670],[106.802,39.670]]}},
{"type":"Feature","properties":{"name":"b"},"geometry":{"type":"LineString","coordinates":[[106.800,39.671],[106.801,39.671],[106.802,39.671]]}},
{"type":"Feature","properties":{"name":"c"},"geometry":{"type":"LineString","coordinates":[[106.801,39.670],[106.801,39.671]]}}]})";

inline const char* kLadderFacilities = R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"fid":"shop1","kind":"convenience"},"geometry":{"type":"Point","coordinates":[106.8005,39.6701]}},
{"type":"Feature","properties":{"fid":"clinic1","kind":"clinic"},"geometry":{"type":"Point","coordinates":[106.8015,39.6709]}}]})";

inline const char* kLadderOrigins = "id,lon,lat\nh1,106.8004,39.6701\nh2,106.8018,39.6712\nfar,106.9,39.9\n";

// streets.geojson, fac.geojson and homes.csv in the folder.
inline void write_ladder_town(const TempDir& dir) {
  write_file(dir.file("streets.geojson"), kLadderStreets);
  write_file(dir.file("fac.geojson"), kLadderFacilities);
  write_file(dir.file("homes.csv"), kLadderOrigins);
}

}  // namespace lc::test
