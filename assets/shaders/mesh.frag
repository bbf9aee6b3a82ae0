#version 450
#extension GL_GOOGLE_include_directive : require
// ArrHost mesh fragment shader: glTF metallic-roughness (shading.glsl). Output is linear; the
// R8G8B8A8_SRGB target encodes it. Variants as mesh.vert.
#include "shading.glsl"

layout(constant_id = 0) const int ALPHA_MODE = 0; // 0 opaque, 1 mask, 2 blend

layout(location = 0) out vec4 outColor;

#ifdef VERTEX_LIT
layout(location = 0) in vec4 vLit;

void main() {
    if (ALPHA_MODE == 1 && vLit.a < material.params2.x) discard;
    outColor = vec4(vLit.rgb, ALPHA_MODE == 2 ? vLit.a : 1.0);
}
#else
layout(location = 0) in vec3 vWorldPos;
layout(location = 1) in vec3 vNormal;
layout(location = 2) in vec4 vColor;
#ifdef HAS_UV
layout(location = 3) in vec4 vTangent;
layout(location = 4) in vec4 vUv01;
layout(set = 1, binding = 1) uniform sampler2D baseColorTex;
layout(set = 1, binding = 2) uniform sampler2D metallicRoughnessTex;
layout(set = 1, binding = 3) uniform sampler2D normalTex;
layout(set = 1, binding = 4) uniform sampler2D occlusionTex;
layout(set = 1, binding = 5) uniform sampler2D emissiveTex;

vec2 uvFor(int set) { return set == 1 ? vUv01.zw : vUv01.xy; }
#endif

void main() {
    vec4 base = material.baseColorFactor * vColor;
    float metallic = material.params.x;
    float roughness = material.params.y;
    float occlusion = 1.0;
    vec3 emissive = material.emissiveFactor.rgb;
    vec3 n = normalize(vNormal);
#ifdef HAS_UV
    base *= texture(baseColorTex, uvFor(material.texCoordSets.x));
    vec4 mr = texture(metallicRoughnessTex, uvFor(material.texCoordSets.y));
    roughness *= mr.g;
    metallic *= mr.b;
    occlusion = 1.0 + material.params.w * (texture(occlusionTex, uvFor(material.texCoordSets.w)).r - 1.0);
    emissive *= texture(emissiveTex, uvFor(material.texCoordSets2.x)).rgb;
    if (material.params2.y > 0.5 && vTangent.w != 0.0) {
        vec3 t = normalize(vTangent.xyz - n * dot(n, vTangent.xyz));
        vec3 b = cross(n, t) * vTangent.w;
        vec3 tn = texture(normalTex, uvFor(material.texCoordSets.z)).xyz * 2.0 - 1.0;
        tn.xy *= material.params.z;
        n = normalize(mat3(t, b, n) * tn);
    }
#endif
    if (ALPHA_MODE == 1 && base.a < material.params2.x) discard;
    if (!gl_FrontFacing) n = -n;
    outColor = vec4(toTarget(shade(base.rgb, metallic, roughness, occlusion, emissive, n, vWorldPos)), ALPHA_MODE == 2 ? base.a : 1.0);
}
#endif
