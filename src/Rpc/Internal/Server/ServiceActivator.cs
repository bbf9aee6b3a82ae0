using Microsoft.Extensions.DependencyInjection;

namespace ArrHost.Rpc.Internal.Server;

/// <summary>Gets the service instance of a call: from DI when registered, else created per call with ActivatorUtilities.</summary>
internal sealed class ServiceActivator<TService>
    where TService : class
{
    private readonly bool _fromContainer;
    private readonly ObjectFactory _factory;

    public ServiceActivator(IServiceProvider rootServices)
    {
        _fromContainer = rootServices.GetService<IServiceProviderIsService>()?.IsService(typeof(TService)) ?? false;
        _factory = ActivatorUtilities.CreateFactory(typeof(TService), Type.EmptyTypes);
    }

    public TService Create(IServiceProvider services, out bool created)
    {
        if (_fromContainer)
        {
            created = false;
            return services.GetRequiredService<TService>();
        }
        created = true;
        return (TService)_factory(services, null);
    }

    public static ValueTask ReleaseAsync(TService service)
    {
        if (service is IAsyncDisposable asyncDisposable)
        {
            return asyncDisposable.DisposeAsync();
        }
        (service as IDisposable)?.Dispose();
        return ValueTask.CompletedTask;
    }
}
