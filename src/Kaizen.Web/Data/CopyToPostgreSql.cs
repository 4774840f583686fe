using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Reports;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Kaizen.Web.Data;

// Moving to PostgreSQL: copies every table of a SQLite database into an empty PostgreSQL database that has every
// migration applied, in ONE transaction (all or nothing), ids kept, then sets each identity past the highest id SQLite
// ever gave (ids are never reused, migration 0010) and, before committing, compares the row counts of every table and
// the figures people read: the dashboard's roll-up (programme and each trust) at every checkpoint, and each held
// meeting's frozen figures.
public static class CopyToPostgreSql
{
    public sealed record TableCount(string Table, long Sqlite, long PostgreSql);

    public sealed record Copied(IReadOnlyList<TableCount> Tables, int CheckpointsCompared, int MeetingsCompared);

    public static Copied Copy(Database sqlite, Database postgres, DateOnly today)
    {
        if (sqlite.Engine != DatabaseEngine.Sqlite || postgres.Engine != DatabaseEngine.PostgreSql)
            throw new ArgumentException("Copies from a SQLite database to a PostgreSQL database.");
        using var source = sqlite.Open();
        using var target = (NpgsqlConnection)postgres.OpenConnection();
        var tables = InForeignKeyOrder(source);
        using var tx = target.BeginTransaction();
        foreach (var table in tables)
            if (target.ExecuteScalar<long>($"SELECT COUNT(*) FROM \"{table}\"", transaction: tx) > 0)
                throw new InvalidOperationException($"The PostgreSQL database is not empty: {table} has rows. Copy into a new database with every migration applied.");

        // Triggers guard the record against changes (an adopted compact's items, a held meeting): the copy writes the
        // record as it already is, so they are off for this transaction's inserts only.
        foreach (var table in tables) target.Execute($"ALTER TABLE \"{table}\" DISABLE TRIGGER USER", transaction: tx);
        foreach (var table in tables) CopyTable(source, target, table);
        foreach (var table in tables) target.Execute($"ALTER TABLE \"{table}\" ENABLE TRIGGER USER", transaction: tx);

        var hasSequences = source.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_sequence'") > 0;
        foreach (var table in tables)
        {
            var identity = target.ExecuteScalar<string?>("""
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = @t AND is_identity = 'YES'
                """, new { t = table }, tx);
            if (identity is null) continue;
            var sequence = target.ExecuteScalar<string>("SELECT pg_get_serial_sequence(@t, @identity)", new { t = table, identity }, tx);
            var highest = Math.Max(source.ExecuteScalar<long?>($"SELECT MAX(\"{identity}\") FROM \"{table}\"") ?? 0,
                hasSequences ? source.ExecuteScalar<long?>("SELECT seq FROM sqlite_sequence WHERE name = @t", new { t = table }) ?? 0 : 0);
            if (highest > 0) target.Execute("SELECT setval(@sequence, @highest)", new { sequence, highest }, tx);
        }

        var counts = tables.Select(t => new TableCount(t,
            source.ExecuteScalar<long>($"SELECT COUNT(*) FROM \"{t}\""),
            target.ExecuteScalar<long>($"SELECT COUNT(*) FROM \"{t}\"", transaction: tx))).ToList();
        if (counts.FirstOrDefault(c => c.Sqlite != c.PostgreSql) is { } wrong)
            throw new InvalidOperationException($"{wrong.Table}: {wrong.Sqlite} rows in SQLite but {wrong.PostgreSql} copied; nothing was kept.");

        foreach (var checkpoint in Enum.GetValues<Checkpoint>())
            if (DashboardFigures(source, null, checkpoint, today) != DashboardFigures(target, tx, checkpoint, today))
                throw new InvalidOperationException($"The dashboard's figures {ReportFilter.Describe(checkpoint)} differ between SQLite and the copy; nothing was kept.");
        var frozen = FrozenFigures(source, null);
        if (!frozen.SequenceEqual(FrozenFigures(target, tx)))
            throw new InvalidOperationException("A held meeting's frozen figures differ between SQLite and the copy; nothing was kept.");
        tx.Commit();
        return new Copied(counts, Enum.GetValues<Checkpoint>().Length, frozen.Count);
    }

    // The dashboard's roll-up for the whole programme and for each trust, as text: equal text, equal figures, to the
    // last bit of every double (NaN written as such).
    static string DashboardFigures(DbConnection c, DbTransaction? tx, Checkpoint checkpoint, DateOnly today)
    {
        var set = ReportQueries.LoadAsync(c, new ReportFilter { Checkpoint = checkpoint }, today, tx).GetAwaiter().GetResult();
        var trusts = ReportQueries.TrustsAsync(c).GetAwaiter().GetResult();
        return JsonSerializer.Serialize(new { programme = set.RollUp(checkpoint), trusts = Figures.ByTrust(set, trusts, checkpoint) }, Exact);
    }

    static readonly JsonSerializerOptions Exact = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    // Each held meeting's frozen figures, read back as the pack reads them and written out again.
    static List<string> FrozenFigures(DbConnection c, DbTransaction? tx) =>
        c.Query<(long Id, string Json)>("SELECT id, frozen_json FROM board_meetings WHERE frozen_json IS NOT NULL ORDER BY id", transaction: tx)
            .Select(m => m.Id + ":" + JsonSerializer.Serialize(Board.FrozenFigures.FromJson(m.Json), Exact)).ToList();

    // Every table but the migrations' own record (the target has its own), parents before children.
    static List<string> InForeignKeyOrder(SqliteConnection source)
    {
        var names = source.Query<string>("""
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name
            """).ToList();
        var parents = names.ToDictionary(n => n, n => source.Query<string>($"SELECT DISTINCT \"table\" FROM pragma_foreign_key_list('{n}')")
            .Where(p => p != n && names.Contains(p)).ToList());
        var ordered = new List<string>();
        void Visit(string n, HashSet<string> path)
        {
            if (ordered.Contains(n)) return;
            if (!path.Add(n)) throw new InvalidOperationException($"The foreign keys of {n} form a cycle.");
            foreach (var p in parents[n]) Visit(p, path);
            ordered.Add(n);
        }
        foreach (var n in names) Visit(n, []);
        return ordered;
    }

    // Binary COPY, each value converted to the PostgreSQL column's type (SQLite may keep 5 in a REAL column as 5).
    static void CopyTable(SqliteConnection source, NpgsqlConnection target, string table)
    {
        var columns = target.Query<(string Name, string Type)>("""
            SELECT column_name, data_type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = @table ORDER BY ordinal_position
            """, new { table }).ToList();
        var sourceColumns = source.Query<string>($"SELECT name FROM pragma_table_info('{table}')").ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (columns.Count == 0) throw new InvalidOperationException($"The PostgreSQL database has no table {table}: apply every migration first.");
        if (sourceColumns.Except(columns.Select(c => c.Name), StringComparer.OrdinalIgnoreCase).FirstOrDefault() is { } missing)
            throw new InvalidOperationException($"{table}.{missing} is in SQLite but not in PostgreSQL: are both at the same migration?");
        var copied = columns.Where(c => sourceColumns.Contains(c.Name)).ToList();
        var list = string.Join(", ", copied.Select(c => $"\"{c.Name}\""));

        using var read = source.CreateCommand();
        read.CommandText = $"SELECT {list} FROM \"{table}\"";
        using var reader = read.ExecuteReader();
        using var writer = target.BeginBinaryImport($"COPY \"{table}\" ({list}) FROM STDIN (FORMAT BINARY)");
        while (reader.Read())
        {
            writer.StartRow();
            for (var i = 0; i < copied.Count; i++)
            {
                if (reader.IsDBNull(i)) { writer.WriteNull(); continue; }
                var value = reader.GetValue(i);
                switch (copied[i].Type)
                {
                    case "bigint": writer.Write(Convert.ToInt64(value, CultureInfo.InvariantCulture), NpgsqlDbType.Bigint); break;
                    case "integer": writer.Write(Convert.ToInt32(value, CultureInfo.InvariantCulture), NpgsqlDbType.Integer); break;
                    case "double precision": writer.Write(Convert.ToDouble(value, CultureInfo.InvariantCulture), NpgsqlDbType.Double); break;
                    case "numeric": writer.Write(Convert.ToDecimal(value, CultureInfo.InvariantCulture), NpgsqlDbType.Numeric); break;
                    case "boolean": writer.Write(Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0, NpgsqlDbType.Boolean); break;
                    case "bytea": writer.Write((byte[])value, NpgsqlDbType.Bytea); break;
                    case "text": writer.Write(Convert.ToString(value, CultureInfo.InvariantCulture)!, NpgsqlDbType.Text); break;
                    default: throw new InvalidOperationException($"{table}.{copied[i].Name}: no copy for the PostgreSQL type {copied[i].Type}.");
                }
            }
        }
        writer.Complete();
    }
}
