using Dapper;
using Kaizen.Web.Data;

namespace Kaizen.Web.Security;

// While the database has no user, every request goes to first-run setup. Users are never deleted, so once one
// exists the answer is cached for the life of the process.
public sealed class SetupState(Database database)
{
    private volatile bool hasUsers;

    public bool HasUsers
    {
        get
        {
            if (hasUsers) return true;
            using var connection = database.OpenConnection();
            return hasUsers = connection.ExecuteScalar<long>("SELECT EXISTS (SELECT 1 FROM users)") == 1;
        }
    }
}

public sealed class SetupGateMiddleware(RequestDelegate next, SetupState state)
{
    public Task Invoke(HttpContext context)
    {
        var path = context.Request.Path;
        if (state.HasUsers || path.StartsWithSegments("/Setup") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz")
            || path.StartsWithSegments("/Error") || path.StartsWithSegments("/Status"))
            return next(context);
        context.Response.Redirect("/Setup");
        return Task.CompletedTask;
    }
}
