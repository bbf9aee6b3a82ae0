#version 450
// ArrHost mesh vertex shader. Variants (glslc -D): HAS_COLOR (COLOR_0 stream), HAS_UV (tangent + TEXCOORD_0/1 stream).
// Matrices are System.Numerics row-vector matrices stored row-major, read here column-major: M * v == v * M.
layout(location = 0) in vec3 inPos;
layout(location = 1) in vec3 inNormal;
#ifdef HAS_COLOR
layout(location = 2) in vec4 inColor;
#endif
#ifdef HAS_UV
layout(location = 3) in vec4 inTangent;
layout(location = 4) in vec4 inUv01;
#endif

layout(set = 0, binding = 0) uniform Frame {
    mat4 viewProj;
    vec4 cameraPos;
    vec4 lightDir;     // direction towards the light, xyz
    vec4 lightColor;   // rgb * intensity
    vec4 skyColor;
    vec4 groundColor;
} frame;

layout(push_constant) uniform Draw {
    mat4 model;
    vec4 normalRow0;   // inverse-transpose of the model's upper 3x3, rows
    vec4 normalRow1;
    vec4 normalRow2;
} draw;

layout(location = 0) out vec3 vWorldPos;
layout(location = 1) out vec3 vNormal;
layout(location = 2) out vec4 vColor;
#ifdef HAS_UV
layout(location = 3) out vec4 vTangent;
layout(location = 4) out vec4 vUv01;
#endif

void main() {
    vec4 world = draw.model * vec4(inPos, 1.0);
    vWorldPos = world.xyz;
    mat3 nm = mat3(draw.normalRow0.xyz, draw.normalRow1.xyz, draw.normalRow2.xyz);
    vNormal = nm * inNormal;
#ifdef HAS_COLOR
    vColor = inColor;
#else
    vColor = vec4(1.0);
#endif
#ifdef HAS_UV
    vTangent = vec4(mat3(draw.model) * inTangent.xyz, inTangent.w);
    vUv01 = inUv01;
#endif
    gl_Position = frame.viewProj * world;
}
