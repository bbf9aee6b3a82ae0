#version 450
// Shown instead of the scene when it exceeds the host's primitive budget (as the real service does).
layout(location = 0) out vec4 outColor;
layout(constant_id = 1) const bool ENCODE_SRGB = false; // see shading.glsl
void main() {
    ivec2 cell = ivec2(gl_FragCoord.xy) / 32;
    float c = ((cell.x + cell.y) & 1) == 0 ? 0.8 : 0.2;
    if (ENCODE_SRGB) c = 1.055 * pow(c, 1.0 / 2.4) - 0.055;
    outColor = vec4(c, c, c, 1.0);
}
