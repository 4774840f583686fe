using System.Xml.Linq;
using Dapper;
using Kaizen.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Kaizen.Web.Security;

// The data-protection key ring (the keys that encrypt and sign the sign-in cookie, the antiforgery tokens, temp data
// and the known-device cookie) kept in the database, table data_protection_keys, on either engine. On the local disk
// (the framework's default) each web node made keys of its own, so a cookie issued by one node was refused by the
// next; here every node reads and adds to one ring. The framework writes a key when it needs one (at first use, and
// before the current one expires after 90 days) and never changes or deletes a stored element.
public sealed class DatabaseKeyRing(Database database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.OpenConnection();
        return connection.Query<string>("SELECT xml FROM data_protection_keys ORDER BY id")
            .Select(xml => XElement.Parse(xml))
            .ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = database.OpenConnection();
        connection.Execute("INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@friendlyName, @xml)",
            new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}

public static class DatabaseKeyRingServices
{
    // Every node shares the ring in the database, under one application name: by default the name is the content
    // root, which differs between machines installed in different folders and would keep their cookies apart.
    public static IServiceCollection AddKaizenKeyRing(this IServiceCollection services)
    {
        services.AddSingleton<DatabaseKeyRing>();
        services.AddDataProtection().SetApplicationName("Kaizen");
        services.AddOptions<KeyManagementOptions>()
            .Configure<DatabaseKeyRing>((options, ring) => options.XmlRepository = ring);
        return services;
    }
}
