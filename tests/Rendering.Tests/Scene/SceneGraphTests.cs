using System.Numerics;
using ArrHost.Protos.V1;
using ArrHost.Rendering.Scene;

namespace ArrHost.Rendering.Tests.Scene;

public sealed class SceneGraphTests
{
    /// <summary>Node 0 ("body") at the origin with child node 1 ("wheel") two units along +X.</summary>
    private static LoadedModel TwoNodeModel() => new("test:two-nodes", new ModelData
    {
        Name = "two-nodes",
        Meshes = [new MeshData { Name = "m", Primitives = [] }],
        Materials = [],
        Textures = [],
        Nodes =
        [
            new NodeData { Name = "body", Mesh = 0 },
            new NodeData { Name = "wheel", Parent = 0, Mesh = 0, LocalMatrix = Matrix4x4.CreateTranslation(2, 0, 0), WorldMatrix = Matrix4x4.CreateTranslation(2, 0, 0) },
        ],
    }, null);

    private static Transform At(float x, float y = 0, float z = 0) => new() { Position = new Vec3 { X = x, Y = y, Z = z } };

    private static List<PlacedModel> Collect(SceneGraph scene)
    {
        var placed = new List<PlacedModel>();
        scene.CollectPlacedModels(placed);
        return placed;
    }

    [Fact]
    public void SetTransform_NodeInsideModel_OnlyThatInstanceGetsItsOwnNodeTransforms()
    {
        var scene = new SceneGraph();
        var model = TwoNodeModel();
        var first = scene.AddModel(model, 0, null);
        var second = scene.AddModel(model, 0, At(10));
        var body = first.Children[0];

        scene.SetTransform(body.Id, At(0, 5), setParent: false, 0);

        var placed = Collect(scene);
        var mine = placed.Single(p => p.EntityId == first.Id);
        Assert.NotNull(mine.NodeWorlds);
        Assert.Equal(new Vector3(0, 5, 0), mine.NodeWorlds![0].Translation);
        Assert.Equal(new Vector3(2, 5, 0), mine.NodeWorlds[1].Translation); // the child follows its node
        Assert.Null(placed.Single(p => p.EntityId == second.Id).NodeWorlds);
    }

    [Fact]
    public void Delete_NodeInsideModel_NodeAndItsSubtreeMarkedDeletedAndGone()
    {
        var scene = new SceneGraph();
        var root = scene.AddModel(TwoNodeModel(), 0, null);
        var body = root.Children[0];
        var wheel = body.Children[0];

        scene.Delete(wheel.Id);

        var nodes = Collect(scene).Single().NodeWorlds!;
        Assert.Equal(1f, nodes[0].M44);
        Assert.Equal(0f, nodes[1].M44);
        var missing = Assert.Throws<SceneException>(() => scene.Get(wheel.Id));
        Assert.Equal("NotFound", missing.Code);
        Assert.Equal(body, scene.Get(body.Id));
    }

    [Fact]
    public void SetTransform_ReparentNodeInsideModel_FailedPreconditionAndNothingChanged()
    {
        var scene = new SceneGraph();
        var root = scene.AddModel(TwoNodeModel(), 0, null);
        var wheel = root.Children[0].Children[0];
        var other = scene.CreateEntity("other", 0, null);

        var e = Assert.Throws<SceneException>(() => scene.SetTransform(wheel.Id, At(1), setParent: true, other.Id));

        Assert.Equal("FailedPrecondition", e.Code);
        Assert.Same(root.Children[0], wheel.Parent);
        Assert.Equal(Matrix4x4.CreateTranslation(2, 0, 0), wheel.Local);
        Assert.Null(Collect(scene).Single().NodeWorlds);
    }

    [Fact]
    public void AddModel_UnderNodeInsideModel_FollowsThatNode()
    {
        var scene = new SceneGraph();
        var car = scene.AddModel(TwoNodeModel(), 0, At(0, 0, 1));
        var wheel = car.Children[0].Children[0];

        var attached = scene.AddModel(TwoNodeModel(), wheel.Id, null);
        scene.SetTransform(car.Children[0].Id, At(0, 3), setParent: false, 0);

        var placed = Collect(scene).Single(p => p.EntityId == attached.Id);
        Assert.Equal(new Vector3(2, 3, 1), placed.World.Translation);
    }

    [Fact]
    public void SetTransform_ModelRootMoved_NodeTransformsStayTheFiles()
    {
        var scene = new SceneGraph();
        var root = scene.AddModel(TwoNodeModel(), 0, null);

        scene.SetTransform(root.Id, At(4), setParent: false, 0);

        var placed = Collect(scene).Single();
        Assert.Null(placed.NodeWorlds);
        Assert.Equal(new Vector3(4, 0, 0), placed.World.Translation);
    }
}
