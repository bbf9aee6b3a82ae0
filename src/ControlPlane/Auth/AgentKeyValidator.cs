using System.Security.Cryptography;
using System.Text;
using ArrHost.ControlPlane.Domain;
using ArrHost.ControlPlane.Hosting;
using Microsoft.Extensions.Options;

namespace ArrHost.ControlPlane.Auth;

/// <summary>Checks the agent key render hosts present on HostAgent.Attach ("Bearer {agentKey}").</summary>
internal sealed class AgentKeyValidator(IOptions<ControlPlaneOptions> options)
{
    private readonly byte[] _hash = SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.AgentKey));

    public void Validate(string? authorization)
    {
        var key = TokenService.BearerValue(authorization);
        if (key is null || !CryptographicOperations.FixedTimeEquals(_hash, SHA256.HashData(Encoding.UTF8.GetBytes(key))))
            throw ArrException.Unauthorized("The render host's agent key is missing or not valid.");
    }
}
