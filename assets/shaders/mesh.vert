#version 450
#extension GL_GOOGLE_include_directive : require
// ArrHost mesh vertex shader. Variants (glslc -D): HAS_COLOR (COLOR_0 stream), HAS_UV (tangent +
// TEXCOORD_0/1 stream), VERTEX_LIT (untextured materials shaded per vertex: the cheap mode for CPU devices).
// Matrices are System.Numerics row-vector matrices stored row-major, read here column-major: M * v == v * M.
#include "shading.glsl"

layout(location = 0) in vec3 inPos;
layout(location = 1) in vec3 inNormal;
#ifdef HAS_COLOR
layout(location = 2) in vec4 inColor;
#endif
#ifdef HAS_UV
layout(location = 3) in vec4 inTangent;
layout(location = 4) in vec4 inUv01;
#endif

layout(push_constant) uniform Draw {
    mat4 model;
    vec4 normalRow0;   // inverse-transpose of the model's upper 3x3, rows
    vec4 normalRow1;
    vec4 normalRow2;
} draw;

#ifdef VERTEX_LIT
layout(location = 0) out vec4 vLit;   // shaded colour, alpha
#else
layout(location = 0) out vec3 vWorldPos;
layout(location = 1) out vec3 vNormal;
layout(location = 2) out vec4 vColor;
#ifdef HAS_UV
layout(location = 3) out vec4 vTangent;
layout(location = 4) out vec4 vUv01;
#endif
#endif

void main() {
    vec4 world = draw.model * vec4(inPos, 1.0);
    mat3 nm = mat3(draw.normalRow0.xyz, draw.normalRow1.xyz, draw.normalRow2.xyz);
#ifdef HAS_COLOR
    vec4 color = inColor;
#else
    vec4 color = vec4(1.0);
#endif
#ifdef VERTEX_LIT
    vec4 base = material.baseColorFactor * color;
    vec3 n = normalize(nm * inNormal);
    vLit = vec4(toTarget(shade(base.rgb, material.params.x, material.params.y, 1.0, material.emissiveFactor.rgb, n, world.xyz)), base.a);
#else
    vWorldPos = world.xyz;
    vNormal = nm * inNormal;
    vColor = color;
#ifdef HAS_UV
    vTangent = vec4(mat3(draw.model) * inTangent.xyz, inTangent.w);
    vUv01 = inUv01;
#endif
#endif
    gl_Position = frame.viewProj * world;
}
