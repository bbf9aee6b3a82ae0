using System.Globalization;

namespace ArrHost.Bench.Matrix;

/// <summary>One cell of the matrix: resolution x triangles x codec x frames in flight x pose rate.</summary>
internal sealed record BenchScenario(int Width, int Height, int Triangles, string Codec, int FramesInFlight, int PoseRate)
{
    public string Name => string.Create(CultureInfo.InvariantCulture,
        $"{Height}p-{(Triangles >= 1000 ? Triangles / 1000 + "k" : Triangles.ToString(CultureInfo.InvariantCulture))}-{Codec}-if{FramesInFlight}-{PoseRate}hz");

    public string ModelUrl => string.Create(CultureInfo.InvariantCulture, $"builtin:spheres?triangles={Triangles}");
}
