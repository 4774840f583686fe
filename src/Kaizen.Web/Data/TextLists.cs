using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Kaizen.Web.Data;

// A list of texts passed as one JSON array parameter (AuditLog.ToJson), for "column IN the list" with no limit on the
// list's length. SQLite reads it with json_each, PostgreSQL with json_array_elements_text.
public static class TextLists
{
    // column is in the list, ignoring case: on SQLite through the column's COLLATE NOCASE (and its unique index), on
    // PostgreSQL through lower(column) (the unique index on lower(column)).
    public static string InIgnoringCase(DbConnection connection, string column, string jsonParameter) => connection is SqliteConnection
        ? $"{column} IN (SELECT value FROM json_each({jsonParameter}))"
        : $"lower({column}) IN (SELECT lower(value) FROM json_array_elements_text(CAST({jsonParameter} AS json)) AS value)";
}
