using System.Numerics;
using Proto = ArrHost.Protos.V1;

namespace ArrHost.Client.Internal.Mapping;

/// <summary>Converts between the arr.v1 messages and the SDK's public types.</summary>
internal static class ProtoMapping
{
    public static Proto.SessionSize ToProto(RenderingSessionSize size) => size switch
    {
        RenderingSessionSize.Standard => Proto.SessionSize.Standard,
        RenderingSessionSize.Premium => Proto.SessionSize.Premium,
        _ => throw new ArgumentOutOfRangeException(nameof(size), size, "Size must be Standard or Premium."),
    };

    public static RenderingSessionSize FromProto(Proto.SessionSize size) => size switch
    {
        Proto.SessionSize.Standard => RenderingSessionSize.Standard,
        Proto.SessionSize.Premium => RenderingSessionSize.Premium,
        _ => RenderingSessionSize.Unknown,
    };

    public static RenderingSessionStatus FromProto(Proto.SessionStatus status) =>
        Enum.IsDefined((RenderingSessionStatus)(int)status) ? (RenderingSessionStatus)(int)status : RenderingSessionStatus.Unknown;

    public static RenderingSessionProperties ToProperties(Proto.Session s)
    {
        var status = FromProto(s.Status);
        return new RenderingSessionProperties
        {
            Id = s.Id,
            Status = status,
            Size = FromProto(s.Size),
            CreationTime = s.CreationTime?.ToDateTimeOffset() ?? default,
            ReadyTime = s.ReadyTime?.ToDateTimeOffset(),
            EndTime = s.EndTime?.ToDateTimeOffset(),
            MaxLeaseInMinutes = s.MaxLeaseTimeMinutes,
            ElapsedTimeInMinutes = s.ElapsedTimeMinutes,
            Hostname = s.Hostname,
            HandshakePort = s.HandshakePort,
            ArrInspectorPort = s.ArrInspectorPort,
            RenderEndpoint = s.RenderEndpoint,
            ConnectionToken = s.ConnectionToken,
            Teraflops = s.Teraflops,
            Region = s.Region,
            HostId = s.HostId,
            ErrorCode = s.Error is { } e && (e.Code.Length > 0 || e.Message.Length > 0) ? e.Code : null,
            ErrorMessage = s.Error is { } m && (m.Code.Length > 0 || m.Message.Length > 0) ? m.Message : null,
            StartupProgress = status == RenderingSessionStatus.Starting && s.Progress is { } p ? ToProgress(p) : null,
        };
    }

    public static SessionStartupProgress ToProgress(Proto.StartupProgress p) =>
        new(p.Stage, Math.Clamp(p.Fraction, 0, 1), p.EstimatedRemainingMs > 0 ? TimeSpan.FromMilliseconds(p.EstimatedRemainingMs) : null);

    public static Proto.Codec ToProto(FrameCodec codec) => codec switch
    {
        FrameCodec.Raw => Proto.Codec.RawRgba,
        FrameCodec.Jpeg => Proto.Codec.Jpeg,
        FrameCodec.H264 => Proto.Codec.H264,
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "Unknown codec."),
    };

    public static FrameCodec FromProto(Proto.Codec codec) => codec switch
    {
        Proto.Codec.RawRgba => FrameCodec.Raw,
        Proto.Codec.H264 => FrameCodec.H264,
        _ => FrameCodec.Jpeg,
    };

    public static Proto.StreamOptions ToProto(RendererInitOptions o) => new()
    {
        Codec = ToProto(o.Codec),
        Width = (uint)o.Width,
        Height = (uint)o.Height,
        MaxFrameRate = (uint)o.MaxFrameRate,
        FramesInFlight = (uint)o.FramesInFlight,
        JpegQuality = (uint)o.JpegQuality,
        BitrateKbps = (uint)o.BitrateKbps,
        GopLength = (uint)o.GopLength,
        AcknowledgeFrames = o.AcknowledgeFrames,
        JpegSubsampling = o.JpegSubsampling switch
        {
            JpegSubsampling.Yuv422 => "422",
            JpegSubsampling.Yuv444 => "444",
            _ => "420",
        },
    };

    public static JpegSubsampling FromProtoSubsampling(string text) => text switch
    {
        "422" => JpegSubsampling.Yuv422,
        "444" => JpegSubsampling.Yuv444,
        _ => JpegSubsampling.Yuv420,
    };

    public static Proto.HitPolicy ToProto(HitCollectionPolicy policy) => policy switch
    {
        HitCollectionPolicy.AnyHit => Proto.HitPolicy.Any,
        HitCollectionPolicy.AllHits => Proto.HitPolicy.All,
        _ => Proto.HitPolicy.Closest,
    };

    public static Proto.Vec3 ToProto(Vector3 v) => new() { X = v.X, Y = v.Y, Z = v.Z };

    public static Vector3 FromProto(Proto.Vec3? v) => v is null ? Vector3.Zero : new Vector3(v.X, v.Y, v.Z);

    public static Proto.Quat ToProto(Quaternion q) => new() { X = q.X, Y = q.Y, Z = q.Z, W = q.W };

    public static Quaternion FromProto(Proto.Quat? q) =>
        q is null || (q.X == 0 && q.Y == 0 && q.Z == 0 && q.W == 0) ? Quaternion.Identity : new Quaternion(q.X, q.Y, q.Z, q.W);

    public static Proto.Transform ToProto(EntityTransform t) => new()
    {
        Position = ToProto(t.Position),
        Rotation = ToProto(t.Rotation),
        Scale = ToProto(t.Scale),
    };

    public static EntityTransform FromProto(Proto.Transform? t)
    {
        if (t is null) return EntityTransform.Identity;
        var scale = FromProto(t.Scale);
        return new EntityTransform(FromProto(t.Position), FromProto(t.Rotation), scale == Vector3.Zero ? Vector3.One : scale);
    }

    /// <summary>Builds the entity tree; iterative, so a deep hierarchy cannot overflow the stack.</summary>
    public static Entity ToEntity(Proto.EntityInfo info)
    {
        var root = NewEntity(info);
        var stack = new Stack<(Proto.EntityInfo Info, Entity Entity)>();
        stack.Push((info, root));
        while (stack.Count > 0)
        {
            var (i, e) = stack.Pop();
            foreach (var c in i.Children)
            {
                var child = NewEntity(c);
                e.AddChild(child);
                stack.Push((c, child));
            }
        }

        return root;
    }

    public static LoadModelResult ToResult(Proto.LoadModelResult r) =>
        new(r.Root is null ? throw new RemoteRenderingException(RemoteRenderingErrorCodes.ProtocolError, "The host's load result has no root entity.") : ToEntity(r.Root),
            r.PrimitiveCount,
            r.SharedResources,
            FromProto(r.BoundsMin),
            FromProto(r.BoundsMax),
            r.Warnings.ToArray());

    public static RayCastHit ToHit(Proto.RayHit h) => new(h.EntityId, FromProto(h.Position), FromProto(h.Normal), h.Distance);

    public static FrameHostTimings ToTimings(Proto.FrameTimings? t) => t is null
        ? default
        : new FrameHostTimings(Us(t.WaitUs), Us(t.RenderUs), Us(t.ReadbackUs), Us(t.EncodeUs), Us(t.PreviousSendUs), Us(t.TotalUs));

    /// <summary>The connection status reason for a host's goodbye.</summary>
    public static string ToReason(Proto.GoodbyeReason reason) => reason switch
    {
        Proto.GoodbyeReason.ClientLeft => ConnectionStatusReasons.Disconnected,
        Proto.GoodbyeReason.SessionStopped => ConnectionStatusReasons.SessionStopped,
        Proto.GoodbyeReason.SessionExpired => ConnectionStatusReasons.SessionExpired,
        Proto.GoodbyeReason.SessionError => ConnectionStatusReasons.SessionError,
        Proto.GoodbyeReason.HostShutdown => ConnectionStatusReasons.HostShutdown,
        Proto.GoodbyeReason.ProtocolError => ConnectionStatusReasons.ProtocolError,
        Proto.GoodbyeReason.OtherClientConnected => ConnectionStatusReasons.OtherSessionConnected,
        _ => ConnectionStatusReasons.ConnectionLost,
    };

    /// <summary>The connection status reason for a host's connection-level error code.</summary>
    public static string ErrorCodeToReason(string code) => code switch
    {
        "OtherSessionConnected" => ConnectionStatusReasons.OtherSessionConnected,
        "Unauthenticated" => ConnectionStatusReasons.Unauthenticated,
        "NotFound" => ConnectionStatusReasons.NotFound,
        _ => ConnectionStatusReasons.ProtocolError,
    };

    /// <summary>The SDK error code for a host's connection-level error code.</summary>
    public static string HostErrorToCode(string code) => code switch
    {
        "OtherSessionConnected" => RemoteRenderingErrorCodes.OtherSessionConnected,
        "Unauthenticated" => RemoteRenderingErrorCodes.Unauthenticated,
        "NotFound" => RemoteRenderingErrorCodes.NotFound,
        "InvalidArgument" => RemoteRenderingErrorCodes.InvalidArgument,
        "" => RemoteRenderingErrorCodes.Unknown,
        _ => code,
    };

    private static TimeSpan Us(uint us) => TimeSpan.FromTicks(us * 10L);

    private static Entity NewEntity(Proto.EntityInfo i) => new(i.EntityId, i.Name, i.ParentEntityId, FromProto(i.Transform), i.HasMesh);
}
