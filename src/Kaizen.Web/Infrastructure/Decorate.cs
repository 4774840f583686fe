namespace Kaizen.Web.Infrastructure;

public static class Decorate
{
    // Replaces the last registration of TService (a framework singleton) with wrap(the framework's instance).
    public static IServiceCollection DecorateSingleton<TService>(this IServiceCollection services, Func<IServiceProvider, TService, TService> wrap)
        where TService : class
    {
        var framework = services.Last(d => d.ServiceType == typeof(TService));
        services.Remove(framework);
        services.AddSingleton(sp => wrap(sp, (TService)(framework.ImplementationInstance
            ?? framework.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, framework.ImplementationType!))));
        return services;
    }
}
