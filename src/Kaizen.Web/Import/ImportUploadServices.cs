using Kaizen.Web.Import;

// In the framework's namespace, as AddRazorPages and the like are, so Program.cs registers it in one line.
namespace Microsoft.Extensions.DependencyInjection;

public static class ImportUploadServices
{
    // The uploads store and its background sweep, configured from Kaizen:ImportUploads.
    public static IServiceCollection AddImportUploads(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ImportUploadOptions>(configuration.GetSection("Kaizen:ImportUploads"));
        services.AddSingleton<ImportUploads>();
        services.AddSingleton<ImportUploadSweep>();
        services.AddHostedService(sp => sp.GetRequiredService<ImportUploadSweep>());
        return services;
    }
}
