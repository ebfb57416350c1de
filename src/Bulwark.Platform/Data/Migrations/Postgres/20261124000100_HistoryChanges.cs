using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bulwark.Platform.Data.Migrations.Postgres
{
    /// <summary>
    /// Each daily_vulnerability_counts row also holds its change against the project's previous row
    /// ("CriticalChange" … "UnknownChange"), kept by triggers whoever writes the table (DailyCounts' upsert, a bulk
    /// load, a test inserting rows): the open count of any day is then the sum of the changes of every row up to that
    /// day, so the history of 1,000 projects over a year is one grouped sum instead of a window over 355,000 rows
    /// (SecurityHistory). The columns are outside the EF model on purpose: only that raw query reads them, and
    /// entity inserts leave them to the trigger.
    /// </summary>
    public partial class HistoryChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE daily_vulnerability_counts
                    ADD COLUMN "CriticalChange" integer NOT NULL DEFAULT 0,
                    ADD COLUMN "HighChange" integer NOT NULL DEFAULT 0,
                    ADD COLUMN "MediumChange" integer NOT NULL DEFAULT 0,
                    ADD COLUMN "LowChange" integer NOT NULL DEFAULT 0,
                    ADD COLUMN "InfoChange" integer NOT NULL DEFAULT 0,
                    ADD COLUMN "UnknownChange" integer NOT NULL DEFAULT 0;

                -- A row's change: its counts minus the project's previous row's (zero counts before the first row).
                CREATE FUNCTION daily_counts_set_change() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    prev daily_vulnerability_counts%ROWTYPE;
                BEGIN
                    SELECT * INTO prev FROM daily_vulnerability_counts
                    WHERE "ProjectId" = NEW."ProjectId" AND "Day" < NEW."Day"
                    ORDER BY "Day" DESC LIMIT 1;
                    NEW."CriticalChange" := NEW."Critical" - COALESCE(prev."Critical", 0);
                    NEW."HighChange" := NEW."High" - COALESCE(prev."High", 0);
                    NEW."MediumChange" := NEW."Medium" - COALESCE(prev."Medium", 0);
                    NEW."LowChange" := NEW."Low" - COALESCE(prev."Low", 0);
                    NEW."InfoChange" := NEW."Info" - COALESCE(prev."Info", 0);
                    NEW."UnknownChange" := NEW."Unknown" - COALESCE(prev."Unknown", 0);
                    RETURN NEW;
                END $$;

                -- The next row of the project changes against whatever now precedes it (a row written, changed or
                -- removed before a later one: clocks of two instances around midnight, a backfill, a delete).
                CREATE FUNCTION daily_counts_refresh_next(project bigint, after_day varchar) RETURNS void LANGUAGE plpgsql AS $$
                DECLARE
                    next_day varchar;
                    prev daily_vulnerability_counts%ROWTYPE;
                BEGIN
                    SELECT min("Day") INTO next_day FROM daily_vulnerability_counts WHERE "ProjectId" = project AND "Day" > after_day;
                    IF next_day IS NULL THEN
                        RETURN;
                    END IF;
                    SELECT * INTO prev FROM daily_vulnerability_counts
                    WHERE "ProjectId" = project AND "Day" < next_day
                    ORDER BY "Day" DESC LIMIT 1;
                    UPDATE daily_vulnerability_counts SET
                        "CriticalChange" = "Critical" - COALESCE(prev."Critical", 0),
                        "HighChange" = "High" - COALESCE(prev."High", 0),
                        "MediumChange" = "Medium" - COALESCE(prev."Medium", 0),
                        "LowChange" = "Low" - COALESCE(prev."Low", 0),
                        "InfoChange" = "Info" - COALESCE(prev."Info", 0),
                        "UnknownChange" = "Unknown" - COALESCE(prev."Unknown", 0)
                    WHERE "ProjectId" = project AND "Day" = next_day;
                END $$;

                CREATE FUNCTION daily_counts_after_write() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP IN ('UPDATE', 'DELETE')
                       AND (TG_OP = 'DELETE' OR OLD."ProjectId" <> NEW."ProjectId" OR OLD."Day" <> NEW."Day")
                       AND EXISTS (SELECT 1 FROM projects WHERE "Id" = OLD."ProjectId") THEN
                        PERFORM daily_counts_refresh_next(OLD."ProjectId", OLD."Day");
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        PERFORM daily_counts_refresh_next(NEW."ProjectId", NEW."Day");
                    END IF;
                    RETURN NULL;
                END $$;

                -- UPDATE OF the counts and keys only: the refresh above sets just the change columns, so it fires neither.
                CREATE TRIGGER daily_counts_set_change
                    BEFORE INSERT OR UPDATE OF "ProjectId", "Day", "Critical", "High", "Medium", "Low", "Info", "Unknown"
                    ON daily_vulnerability_counts FOR EACH ROW EXECUTE FUNCTION daily_counts_set_change();
                CREATE TRIGGER daily_counts_after_write
                    AFTER INSERT OR DELETE OR UPDATE OF "ProjectId", "Day", "Critical", "High", "Medium", "Low", "Info", "Unknown"
                    ON daily_vulnerability_counts FOR EACH ROW EXECUTE FUNCTION daily_counts_after_write();

                -- The rows already there.
                UPDATE daily_vulnerability_counts r SET
                    "CriticalChange" = c.critical, "HighChange" = c.high, "MediumChange" = c.medium,
                    "LowChange" = c.low, "InfoChange" = c.info, "UnknownChange" = c.unknown
                FROM (
                    SELECT "ProjectId", "Day",
                           "Critical" - COALESCE(LAG("Critical") OVER w, 0) AS critical,
                           "High" - COALESCE(LAG("High") OVER w, 0) AS high,
                           "Medium" - COALESCE(LAG("Medium") OVER w, 0) AS medium,
                           "Low" - COALESCE(LAG("Low") OVER w, 0) AS low,
                           "Info" - COALESCE(LAG("Info") OVER w, 0) AS info,
                           "Unknown" - COALESCE(LAG("Unknown") OVER w, 0) AS unknown
                    FROM daily_vulnerability_counts
                    WINDOW w AS (PARTITION BY "ProjectId" ORDER BY "Day")
                ) c
                WHERE r."ProjectId" = c."ProjectId" AND r."Day" = c."Day";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER daily_counts_after_write ON daily_vulnerability_counts;
                DROP TRIGGER daily_counts_set_change ON daily_vulnerability_counts;
                DROP FUNCTION daily_counts_after_write();
                DROP FUNCTION daily_counts_refresh_next(bigint, varchar);
                DROP FUNCTION daily_counts_set_change();
                ALTER TABLE daily_vulnerability_counts
                    DROP COLUMN "CriticalChange", DROP COLUMN "HighChange", DROP COLUMN "MediumChange",
                    DROP COLUMN "LowChange", DROP COLUMN "InfoChange", DROP COLUMN "UnknownChange";
                """);
        }
    }
}
