using Microsoft.AspNetCore.Builder;

namespace ArrHost.Rpc.Internal.Server;

/// <summary>Applies conventions (auth, rate limiting, metadata) to every method endpoint of a service.</summary>
internal sealed class CompositeEndpointConventionBuilder : IEndpointConventionBuilder
{
    private readonly List<IEndpointConventionBuilder> _builders;

    public CompositeEndpointConventionBuilder(List<IEndpointConventionBuilder> builders)
    {
        _builders = builders;
    }

    public void Add(Action<EndpointBuilder> convention)
    {
        foreach (var builder in _builders)
        {
            builder.Add(convention);
        }
    }

    public void Finally(Action<EndpointBuilder> finallyConvention)
    {
        foreach (var builder in _builders)
        {
            builder.Finally(finallyConvention);
        }
    }
}
