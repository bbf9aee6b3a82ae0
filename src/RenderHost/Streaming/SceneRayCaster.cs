using System.Numerics;
using ArrHost.Protos.V1;
using ArrHost.Rendering.Scene;
using ArrHost.Rendering.Scene.Raycast;

namespace ArrHost.RenderHost.Streaming;

/// <summary>Answers RayCast commands against the placed models of a scene (BVHs are built once per mesh and cached).</summary>
internal static class SceneRayCaster
{
    public static IEnumerable<RayHit> Cast(IReadOnlyList<PlacedModel> placed, Vector3 origin, Vector3 direction, float maxDistance, HitPolicy policy, int maxHits)
    {
        var scene = new RaycastScene<ulong>();
        foreach (var p in placed) scene.Set(p.EntityId, p.Model.Data, p.World, p.NodeWorlds);

        var query = new RayQuery(origin, direction, maxDistance, policy switch
        {
            HitPolicy.Any => RayCastPolicy.Any,
            HitPolicy.All => RayCastPolicy.All,
            _ => RayCastPolicy.Closest,
        }, maxHits);
        foreach (var hit in scene.Cast(query))
        {
            yield return new RayHit
            {
                EntityId = EntityOf(hit.Key, hit.Node),
                Position = new Vec3 { X = hit.Position.X, Y = hit.Position.Y, Z = hit.Position.Z },
                Normal = new Vec3 { X = hit.Normal.X, Y = hit.Normal.Y, Z = hit.Normal.Z },
                Distance = hit.Distance,
            };
        }
    }

    /// <summary>
    /// The entity of the hit node. SceneGraph.AddModel creates a model's node entities in node order
    /// right after its root, so node i of a model is entity root + 1 + i.
    /// </summary>
    private static ulong EntityOf(ulong root, int node) => node >= 0 ? root + 1 + (ulong)node : root;
}
