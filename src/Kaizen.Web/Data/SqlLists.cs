namespace Kaizen.Web.Data;

// "column IN @list" for either engine. Dapper expands a list parameter into IN (@p1, @p2, …) for SQLite, but sends it
// to Npgsql as ONE array parameter, which PostgreSQL takes only as "= ANY (@list)" ("IN $1" is a syntax error).
public static class SqlLists
{
    public static string In(DatabaseEngine engine, string column, string parameter) => engine == DatabaseEngine.PostgreSql
        ? $"{column} = ANY ({parameter})"
        : $"{column} IN {parameter}";

    public static string In(System.Data.Common.DbConnection c, string column, string parameter) =>
        In(c is Npgsql.NpgsqlConnection ? DatabaseEngine.PostgreSql : DatabaseEngine.Sqlite, column, parameter);
}
