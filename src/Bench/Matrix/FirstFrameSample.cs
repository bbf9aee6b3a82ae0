namespace ArrHost.Bench.Matrix;

/// <summary>One disk-to-first-frame run, in milliseconds: its three consecutive parts and their sum.</summary>
/// <param name="LoadMs">Reading and parsing the glTF, its buffers and decoding its images.</param>
/// <param name="UploadMs">Uploading geometry and textures to the device.</param>
/// <param name="FirstFrameMs">Rendering the first frame and reading it back.</param>
internal readonly record struct FirstFrameSample(double LoadMs, double UploadMs, double FirstFrameMs)
{
    public double TotalMs => LoadMs + UploadMs + FirstFrameMs;
}
