// PostgreSQL sources without a server: connection strings told from FILE[:LAYER], split into what
// libpq and GDAL each take, and passwords redacted from any text (tests/pg/ runs a real server).
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/redact.hpp"
#include "io/postgis.hpp"
#include "io/vector_reader.hpp"

namespace lc::io {
namespace {

TEST(Postgis, ConnectionStringsAreNeverSplitAtAColon) {
  const std::string spec = "PG:host=db.example port=5432 dbname=plan user=u password='a:b c' tables=city.streets";
  const LayerRef ref = parse_layer_ref(spec);
  EXPECT_EQ(ref.file, spec);
  EXPECT_EQ(ref.layer, "");
  EXPECT_TRUE(is_postgis("pg:dbname=x"));
  EXPECT_FALSE(is_postgis("roads.gpkg:streets"));
  EXPECT_EQ(parse_layer_ref("roads.gpkg:streets").layer, "streets");  // files as before
}

TEST(Postgis, SpecSplitsIntoLibpqAndGdalKeywords) {
  const PgSpec s = parse_pg_spec("PG:host=h port=5433 dbname=plan user=u password='it\\'s x' tables=city.streets,city.gates active_schema=results");
  EXPECT_EQ(s.host, "h");
  EXPECT_EQ(s.port, "5433");
  EXPECT_EQ(s.dbname, "plan");
  EXPECT_EQ(s.tables, (std::vector<std::string>{"city.streets", "city.gates"}));
  EXPECT_EQ(s.active_schema, "results");
  EXPECT_EQ(s.conninfo.find("tables"), std::string::npos);
  EXPECT_EQ(s.conninfo.find("active_schema"), std::string::npos);
  EXPECT_EQ(s.shown.find("s x"), std::string::npos);
  EXPECT_NE(s.shown.find("password=*** tables"), std::string::npos);
  EXPECT_EQ(database_name(s), "database plan on h:5433");
  EXPECT_EQ(database_name(parse_pg_spec("PG:service=city")), "database of service city");
}

TEST(Postgis, PasswordsAreRedactedEverywhereInText) {
  EXPECT_EQ(redacted("PG:dbname=plan password=s3cret tables=a.b"), "PG:dbname=plan password=*** tables=a.b");
  EXPECT_EQ(redacted("PG:dbname=plan PASSWORD = 's e\\'c' user=u"), "PG:dbname=plan PASSWORD = *** user=u");
  EXPECT_EQ(redacted("lifecircle reach --network 'PG:password=x1 tables=s.t' --out 'PG:password=x2'"),
            "lifecircle reach --network 'PG:password=*** tables=s.t' --out 'PG:password=***'");
  EXPECT_EQ(redacted("postgresql://planner:s3cret@db/plan"), "postgresql://planner:***@db/plan");
  EXPECT_EQ(redacted("no secrets: roads.gpkg:streets"), "no secrets: roads.gpkg:streets");
}

TEST(Postgis, ErrorsNameTheSourceWithoutItsPassword) {
  try {
    open_postgis_table("PG:dbname=plan password=s3cret");  // no table named: refused before connecting
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("tables=SCHEMA.TABLE"), std::string::npos) << e.what();
  }
  EXPECT_EQ(describe(Where{"PG:dbname=plan password=s3cret", "", ""}), "PG:dbname=plan password=***: ");
}

}  // namespace
}  // namespace lc::io
