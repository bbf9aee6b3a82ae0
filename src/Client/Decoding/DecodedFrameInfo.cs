namespace ArrHost.Client.Decoding;

/// <summary>What a decoder wrote into the caller's RGBA buffer.</summary>
/// <param name="Width">Width of the decoded picture in pixels.</param>
/// <param name="Height">Height of the decoded picture in pixels.</param>
/// <param name="Keyframe">Whether the picture was an intra (key) frame.</param>
public readonly record struct DecodedFrameInfo(int Width, int Height, bool Keyframe);
