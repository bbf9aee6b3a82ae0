using System.Numerics;
using System.Text.Json;

namespace ArrHost.Tooling.Viewer;

/// <summary>
/// One text message of the page, read with <see cref="Utf8JsonReader"/> straight from the receive
/// buffer: poses and "painted" come once per frame, so reading them allocates nothing (only a load's
/// URL becomes a string). Unknown fields are skipped; a malformed message is not a message.
/// </summary>
public struct ViewerMessage
{
    public ViewerMessageKind Kind;

    /// <summary>hello: whether the page can decode H.264 with WebCodecs.</summary>
    public bool H264;

    /// <summary>pose and painted: the page's pose sequence (0: none).</summary>
    public uint Sequence;

    /// <summary>pose: the camera position and the point it looks at.</summary>
    public Vector3 Eye;

    public Vector3 Target;

    public bool HasEye;

    public bool HasTarget;

    /// <summary>pose: the vertical field of view in degrees (0: not given).</summary>
    public float Fov;

    /// <summary>painted: pose sent to frame painted, in ms (NaN: not given).</summary>
    public double GlassToGlass;

    /// <summary>painted: frame received to painted, in ms (NaN: not given).</summary>
    public double Decode;

    /// <summary>load: the model to load.</summary>
    public string? Url;

    public static bool TryParse(ReadOnlySpan<byte> json, out ViewerMessage message)
    {
        message = new ViewerMessage { GlassToGlass = double.NaN, Decode = double.NaN };
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 8 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("t"u8)) message.Kind = ReadKind(ref reader);
                else if (reader.ValueTextEquals("h264"u8)) message.H264 = reader.Read() && reader.TokenType == JsonTokenType.True;
                else if (reader.ValueTextEquals("seq"u8)) message.Sequence = reader.Read() && reader.TryGetUInt32(out var s) ? s : 0;
                else if (reader.ValueTextEquals("eye"u8)) message.HasEye = ReadVector(ref reader, out message.Eye);
                else if (reader.ValueTextEquals("target"u8)) message.HasTarget = ReadVector(ref reader, out message.Target);
                else if (reader.ValueTextEquals("fov"u8)) message.Fov = reader.Read() && reader.TryGetSingle(out var f) ? f : 0;
                else if (reader.ValueTextEquals("g2g"u8)) message.GlassToGlass = ReadDouble(ref reader);
                else if (reader.ValueTextEquals("decode"u8)) message.Decode = ReadDouble(ref reader);
                else if (reader.ValueTextEquals("url"u8)) message.Url = reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return reader.TokenType == JsonTokenType.EndObject;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false; // a number where a string was expected, or the like
        }
    }

    private static ViewerMessageKind ReadKind(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.String) return ViewerMessageKind.Unknown;
        if (reader.ValueTextEquals("pose"u8)) return ViewerMessageKind.Pose;
        if (reader.ValueTextEquals("painted"u8)) return ViewerMessageKind.Painted;
        if (reader.ValueTextEquals("hello"u8)) return ViewerMessageKind.Hello;
        if (reader.ValueTextEquals("keyframe"u8)) return ViewerMessageKind.Keyframe;
        if (reader.ValueTextEquals("load"u8)) return ViewerMessageKind.Load;
        return ViewerMessageKind.Unknown;
    }

    private static double ReadDouble(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var v) ? v : double.NaN;

    private static bool ReadVector(ref Utf8JsonReader reader, out Vector3 value)
    {
        value = default;
        if (!reader.Read()) return false;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return false;
        }

        Span<float> v = stackalloc float[3];
        var n = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (n < 3 && reader.TokenType == JsonTokenType.Number && reader.TryGetSingle(out var f) && float.IsFinite(f))
            {
                v[n++] = f;
                continue;
            }

            n = 4; // not three finite numbers
            reader.Skip();
        }

        if (n != 3) return false;
        value = new Vector3(v[0], v[1], v[2]);
        return true;
    }
}
