using System.Data;
using Dapper;

namespace Kaizen.Web.Data;

// Kaizen's flags (users.disabled, is_demo, …) are integer 0/1 columns on both engines. SQLite takes a C# bool as 0/1,
// but Npgsql sends a boolean, which PostgreSQL refuses for a bigint column. So every bool parameter is written as the
// integer 0 or 1, and read back from either an integer (a flag column) or a boolean (EXISTS, a comparison).
// Dapper maps bool itself before looking at handlers, so that mapping is removed first (Dapper issue 433).
public sealed class BoolAsInteger : SqlMapper.TypeHandler<bool>
{
    private static int registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1) return;
        SqlMapper.RemoveTypeMap(typeof(bool));
        SqlMapper.RemoveTypeMap(typeof(bool?));
        SqlMapper.AddTypeHandler(new BoolAsInteger());
    }

    public override void SetValue(IDbDataParameter parameter, bool value)
    {
        parameter.DbType = DbType.Int64;
        parameter.Value = value ? 1L : 0L;
    }

    public override bool Parse(object value) => value switch
    {
        bool b => b,
        _ => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) != 0,
    };
}
