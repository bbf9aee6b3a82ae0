using ArrHost.Protos.V1;

namespace ArrHost.Rendering.Encoding;

/// <summary>The encoder a connection uses.</summary>
/// <param name="Encoder">The open encoder; the connection disposes it.</param>
/// <param name="Options">The options in effect (defaults applied, codec after any fallback): echo them in Welcome.</param>
/// <param name="Notes">Why a fallback happened (each names the Debian package to install); empty when none.</param>
internal sealed record EncoderSelection(IFrameEncoder Encoder, StreamOptions Options, IReadOnlyList<string> Notes)
{
    public Codec RequestedCodec { get; init; }

    public bool FellBack => Encoder.Codec != RequestedCodec;
}
