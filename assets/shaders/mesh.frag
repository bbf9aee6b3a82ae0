#version 450
// ArrHost mesh fragment shader: glTF metallic-roughness with one directional light and hemisphere
// ambient. Output is linear; the R8G8B8A8_SRGB target encodes it. Variants as mesh.vert.
layout(constant_id = 0) const int ALPHA_MODE = 0; // 0 opaque, 1 mask, 2 blend

layout(location = 0) in vec3 vWorldPos;
layout(location = 1) in vec3 vNormal;
layout(location = 2) in vec4 vColor;
#ifdef HAS_UV
layout(location = 3) in vec4 vTangent;
layout(location = 4) in vec4 vUv01;
#endif

layout(set = 0, binding = 0) uniform Frame {
    mat4 viewProj;
    vec4 cameraPos;
    vec4 lightDir;
    vec4 lightColor;
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

#ifdef HAS_UV
layout(set = 1, binding = 1) uniform sampler2D baseColorTex;
layout(set = 1, binding = 2) uniform sampler2D metallicRoughnessTex;
layout(set = 1, binding = 3) uniform sampler2D normalTex;
layout(set = 1, binding = 4) uniform sampler2D occlusionTex;
layout(set = 1, binding = 5) uniform sampler2D emissiveTex;
#endif

layout(location = 0) out vec4 outColor;

const float PI = 3.14159265;

#ifdef HAS_UV
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

    vec3 v = normalize(frame.cameraPos.xyz - vWorldPos);
    vec3 l = normalize(frame.lightDir.xyz);
    vec3 h = normalize(l + v);
    float nl = max(dot(n, l), 0.0);
    float nv = max(abs(dot(n, v)), 1e-4);
    float nh = max(dot(n, h), 0.0);
    float vh = max(dot(v, h), 0.0);
    roughness = clamp(roughness, 0.04, 1.0);
    float a = roughness * roughness;
    float a2 = a * a;
    vec3 f0 = mix(vec3(0.04), base.rgb, metallic);
    vec3 diffuseColor = base.rgb * (1.0 - metallic);
    vec3 f = f0 + (1.0 - f0) * pow(1.0 - vh, 5.0);
    float d = a2 / (PI * pow(nh * nh * (a2 - 1.0) + 1.0, 2.0));
    float k = a * 0.5;
    float g = (nl / (nl * (1.0 - k) + k)) * (nv / (nv * (1.0 - k) + k));
    vec3 specular = f * d * g / max(4.0 * nl * nv, 1e-4);
    vec3 direct = ((1.0 - f) * diffuseColor / PI + specular) * frame.lightColor.rgb * nl;
    vec3 hemi = mix(frame.groundColor.rgb, frame.skyColor.rgb, 0.5 + 0.5 * n.y);
    vec3 ambient = hemi * (diffuseColor + f0 * 0.25) * occlusion;
    vec3 color = direct + ambient + emissive;
    outColor = vec4(color, ALPHA_MODE == 2 ? base.a : 1.0);
}
