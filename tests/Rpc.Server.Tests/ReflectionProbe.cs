using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;

namespace ArrHost.Rpc.Server.Tests;

/// <summary>Asks a server's gRPC reflection service which services it serves, as grpcurl's `list` does.</summary>
public static class ReflectionProbe
{
    public static async Task<IReadOnlyList<string>> ListServicesAsync(GrpcChannel channel)
    {
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo(deadline: DateTime.UtcNow.AddSeconds(20));
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        if (!await call.ResponseStream.MoveNext(CancellationToken.None)) throw new InvalidOperationException("the reflection stream ended without an answer");
        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        await call.RequestStream.CompleteAsync();
        return names;
    }
}
