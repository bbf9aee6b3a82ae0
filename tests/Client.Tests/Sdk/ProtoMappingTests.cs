using System.Numerics;
using ArrHost.Client.Internal.Mapping;
using Google.Protobuf.WellKnownTypes;
using Proto = ArrHost.Protos.V1;

namespace ArrHost.Client.Tests.Sdk;

public sealed class ProtoMappingTests
{
    [Fact]
    public void ToEntity_NestedTree_BuildsChildrenParentsAndTransforms()
    {
        var info = new Proto.EntityInfo
        {
            EntityId = 1,
            Name = "root",
            Transform = new Proto.Transform { Position = new Proto.Vec3 { X = 1, Y = 2, Z = 3 } },
            Children =
            {
                new Proto.EntityInfo { EntityId = 2, Name = "a", ParentEntityId = 1, HasMesh = true },
                new Proto.EntityInfo
                {
                    EntityId = 3,
                    Name = "b",
                    ParentEntityId = 1,
                    Children = { new Proto.EntityInfo { EntityId = 4, Name = "c", ParentEntityId = 3, HasMesh = true } },
                },
            },
        };

        var root = ProtoMapping.ToEntity(info);

        Assert.Equal(["root", "a", "b", "c"], root.DescendantsAndSelf().Select(e => e.Name));
        Assert.Equal(new Vector3(1, 2, 3), root.LocalTransform.Position);
        Assert.Equal(Quaternion.Identity, root.LocalTransform.Rotation);
        Assert.Equal(Vector3.One, root.LocalTransform.Scale);
        var c = root.FindByName("c")!;
        Assert.Equal(4ul, c.Id);
        Assert.True(c.HasMesh);
        Assert.Same(root.Children[1], c.Parent);
        Assert.Null(root.Parent);
    }

    [Fact]
    public void ToEntity_DeepChain_DoesNotOverflow()
    {
        var top = new Proto.EntityInfo { EntityId = 1, Name = "e1" };
        var cur = top;
        for (ulong i = 2; i <= 5000; i++)
        {
            var next = new Proto.EntityInfo { EntityId = i, Name = "e" + i, ParentEntityId = i - 1 };
            cur.Children.Add(next);
            cur = next;
        }

        var root = ProtoMapping.ToEntity(top);

        Assert.Equal(5000, root.DescendantsAndSelf().Count());
    }

    [Fact]
    public void ToProperties_ErrorSession_MapsStatusAndError()
    {
        var s = new Proto.Session
        {
            Id = "s1",
            Status = Proto.SessionStatus.Error,
            Size = Proto.SessionSize.Premium,
            CreationTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)),
            Error = new Proto.SessionError { Code = "Capacity", Message = "no free host" },
        };

        var p = ProtoMapping.ToProperties(s);

        Assert.Equal(RenderingSessionStatus.Error, p.Status);
        Assert.Equal(RenderingSessionSize.Premium, p.Size);
        Assert.True(p.IsEnded);
        Assert.Equal("Capacity", p.ErrorCode);
        Assert.Equal("no free host", p.ErrorMessage);
        Assert.Null(p.ReadyTime);
        Assert.Equal(2026, p.CreationTime.Year);
    }

    [Fact]
    public void ToProperties_StartingWithProgress_MapsProgress()
    {
        var s = new Proto.Session
        {
            Id = "s1",
            Status = Proto.SessionStatus.Starting,
            Progress = new Proto.StartupProgress { Stage = "StartingVm", Fraction = 0.4, EstimatedRemainingMs = 1500 },
        };

        var p = ProtoMapping.ToProperties(s);

        Assert.Equal(new SessionStartupProgress("StartingVm", 0.4, TimeSpan.FromMilliseconds(1500)), p.StartupProgress);
        Assert.Null(p.ErrorCode);
    }

    [Theory]
    [InlineData(Proto.GoodbyeReason.SessionStopped, ConnectionStatusReasons.SessionStopped)]
    [InlineData(Proto.GoodbyeReason.SessionExpired, ConnectionStatusReasons.SessionExpired)]
    [InlineData(Proto.GoodbyeReason.OtherClientConnected, ConnectionStatusReasons.OtherSessionConnected)]
    [InlineData(Proto.GoodbyeReason.ClientLeft, ConnectionStatusReasons.Disconnected)]
    [InlineData(Proto.GoodbyeReason.Unspecified, ConnectionStatusReasons.ConnectionLost)]
    public void ToReason_Goodbye_MapsToConnectionStatusReason(Proto.GoodbyeReason reason, string expected)
    {
        Assert.Equal(expected, ProtoMapping.ToReason(reason));
    }
}
