namespace Kaizen.Web.Security;

public static class Roles
{
    public const string Administrator = "administrator";
    public const string Lead = "lead";
    public const string Board = "board";

    public static readonly string[] All = [Administrator, Lead, Board];

    public static string Describe(string role) => role switch
    {
        Administrator => "Administrator",
        Lead => "Improvement lead",
        Board => "Board member",
        _ => role,
    };
}

public static class Policies
{
    public const string Administrator = nameof(Administrator);
}

public static class KaizenClaims
{
    public const string UserId = "kaizen:user_id";
    public const string TrustId = "kaizen:trust_id";
    public const string Stamp = "kaizen:stamp";
}
