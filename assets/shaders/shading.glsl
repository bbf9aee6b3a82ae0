// Shared by mesh.vert (vertex-lit variants) and mesh.frag: the scene uniforms and the glTF
// metallic-roughness BRDF with one directional light and hemisphere ambient. All values linear.

layout(set = 0, binding = 0) uniform Frame {
    mat4 viewProj;
    vec4 cameraPos;
    vec4 lightDir;     // direction towards the light, normalised on the CPU
    vec4 lightColor;   // rgb * intensity
    vec4 skyColor;
    vec4 groundColor;
} frame;

layout(set = 1, binding = 0) uniform Material {
    vec4 baseColorFactor;
    vec4 emissiveFactor;      // rgb
    vec4 params;              // metallic, roughness, normalScale, occlusionStrength
    vec4 params2;             // alphaCutoff, hasNormalMap
    ivec4 texCoordSets;       // baseColor, metallicRoughness, normal, occlusion
    ivec4 texCoordSets2;      // emissive
} material;

const float PI = 3.14159265;

// True when the colour target is UNORM and shaders write sRGB-encoded values themselves (the
// renderer's per-vertex mode: vertex-lit colours are encoded per vertex, saving the target's
// per-pixel encode). False: the target is *_SRGB and the hardware encodes linear output.
layout(constant_id = 1) const bool ENCODE_SRGB = false;

vec3 encodeSrgb(vec3 c) {
    c = clamp(c, 0.0, 1.0);
    return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(vec3(0.0031308), c));
}

vec3 toTarget(vec3 linear) { return ENCODE_SRGB ? encodeSrgb(linear) : linear; }

vec3 shade(vec3 base, float metallic, float roughness, float occlusion, vec3 emissive, vec3 n, vec3 worldPos) {
    vec3 v = normalize(frame.cameraPos.xyz - worldPos);
    vec3 l = frame.lightDir.xyz;
    vec3 h = normalize(l + v);
    float nl = max(dot(n, l), 0.0);
    float nv = max(abs(dot(n, v)), 1e-4);
    float nh = max(dot(n, h), 0.0);
    float vh = max(dot(v, h), 0.0);
    roughness = clamp(roughness, 0.04, 1.0);
    float a = roughness * roughness;
    float a2 = a * a;
    vec3 f0 = mix(vec3(0.04), base, metallic);
    vec3 diffuseColor = base * (1.0 - metallic);
    float fw = 1.0 - vh;
    float fw2 = fw * fw;
    vec3 f = f0 + (1.0 - f0) * (fw2 * fw2 * fw);                       // Schlick Fresnel
    float dd = nh * nh * (a2 - 1.0) + 1.0;
    float d = a2 / (PI * dd * dd);                                      // GGX distribution
    float k = a * 0.5;
    float vis = 0.25 / ((nl * (1.0 - k) + k) * (nv * (1.0 - k) + k));   // Smith-Schlick G / (4 nl nv)
    vec3 direct = ((1.0 - f) * diffuseColor * (1.0 / PI) + f * (d * vis)) * (frame.lightColor.rgb * nl);
    vec3 hemi = mix(frame.groundColor.rgb, frame.skyColor.rgb, 0.5 + 0.5 * n.y);
    return direct + hemi * (diffuseColor + f0 * 0.25) * occlusion + emissive;
}
