using System.Numerics;

namespace ArrHost.Cli.Rendering;

/// <summary>One key of a scripted camera path: at <paramref name="T"/> seconds the camera is at <paramref name="Eye"/> looking at <paramref name="Target"/>.</summary>
internal readonly record struct CameraKeyframe(double T, Vector3 Eye, Vector3 Target);
