// Carries out checked computer actions on a Desktop: maps the model's screenshot coordinates to display
// pixels, waits for the screen to settle before looking, and sizes every image to the model's limits.
import type { Desktop, Point, ScreenSize } from '../../desktop/desktop';
import { ScaleMap, screenshotSizeFor } from '../../desktop/coordinates';
import { settleScreenshot } from '../../desktop/settle';
import { abortableSleep } from '../../model/abortableSleep';
import type { ScreenshotLimits } from '../../model/modelTable';
import { CLICKS, type ComputerAction, type Region } from './computerInput';
import { cropFrame, encodeForModel, zoomImageSize, type ModelImage } from './imagePolicy';

export interface Observation {
  image: ModelImage;
  /** False when the screen was still changing at the settle ceiling (an animation, a video, a spinner). */
  settled: boolean;
}

/** The acknowledgments the SDK's computer toolset helper sends for pure actions, so the model reads what it was trained on. */
const ACKNOWLEDGMENTS = {
  mouse_move: 'Moved the mouse.',
  left_mouse_down: 'Left mouse button pressed.',
  left_mouse_up: 'Left mouse button released.',
  left_click: 'Clicked.',
  left_click_drag: 'Dragged.',
  right_click: 'Right-clicked.',
  middle_click: 'Middle-clicked.',
  double_click: 'Double-clicked.',
  triple_click: 'Triple-clicked.',
  type: 'Typed.',
} as const;

export class ComputerActions {
  private constructor(
    private readonly _desktop: Desktop,
    /** The display in pixels, as the Desktop port takes coordinates. */
    readonly displaySize: ScreenSize,
    /** What the model sees: every screenshot has this size and every coordinate it sends is in it. */
    readonly screenshotSize: ScreenSize,
    private readonly _scale: ScaleMap,
  ) {}

  /** Reads the display's size once: the beta tools declare the screenshot size in their definition. */
  static async create(desktop: Desktop, limits: ScreenshotLimits): Promise<ComputerActions> {
    const display = await desktop.screenSize();
    const screenshot = screenshotSizeFor(display, limits);
    return new ComputerActions(desktop, display, screenshot, new ScaleMap(display, screenshot));
  }

  toDisplay(point: Point): Point {
    return this._scale.toDisplay(point);
  }

  /** Runs an action that acts (input or wait); returns the line the model reads. Throws what the desktop throws. */
  async perform(action: ComputerAction, signal: AbortSignal): Promise<string> {
    const desktop = this._desktop;
    switch (action.name) {
      case 'screenshot':
      case 'zoom':
      case 'cursor_position':
        throw new Error(`${action.name} is an observation, not an action`);
      case 'wait':
        await abortableSleep(action.seconds * 1000, signal);
        return action.seconds < action.requestedSeconds
          ? `Waited ${action.seconds}s (the longest one wait may take; ${action.requestedSeconds}s was asked). Wait again if needed.`
          : `Waited ${action.seconds}s.`;
      case 'mouse_move':
        await desktop.moveMouse(this.toDisplay(action.at));
        return ACKNOWLEDGMENTS.mouse_move;
      case 'left_mouse_down':
      case 'left_mouse_up':
        if (action.at) await desktop.moveMouse(this.toDisplay(action.at));
        await (action.name === 'left_mouse_down' ? desktop.mouseDown('left') : desktop.mouseUp('left'));
        return ACKNOWLEDGMENTS[action.name];
      case 'left_click_drag':
        await desktop.drag(this.toDisplay(action.from), this.toDisplay(action.to));
        return ACKNOWLEDGMENTS.left_click_drag;
      case 'scroll':
        await desktop.scroll(await this._target(action.at), action.direction, action.amount, action.modifiers);
        return `Scrolled ${action.direction}.`;
      case 'key':
        for (let i = 0; i < action.repeat; i++) await desktop.pressKeys(action.keys);
        return `Pressed ${action.keys}${action.repeat > 1 ? ` ${action.repeat} times` : ''}.`;
      case 'hold_key':
        await desktop.holdKeys(action.combo, action.seconds * 1000);
        return `Held ${action.combo} for ${action.seconds}s.`;
      case 'type':
        await desktop.typeText(action.text);
        return ACKNOWLEDGMENTS.type;
      default: {
        const { button, count } = CLICKS[action.name];
        await desktop.click(await this._target(action.at), button, count, action.modifiers);
        return ACKNOWLEDGMENTS[action.name];
      }
    }
  }

  /** The whole screen once it has stopped changing (or at the settle ceiling), at the screenshot size. */
  async screenshot(): Promise<Observation> {
    const { frame, settled } = await settleScreenshot(this._desktop);
    return { image: await encodeForModel(frame, this.screenshotSize), settled };
  }

  /** A region given in screenshot pixels, cropped from the full-resolution frame and scaled to fill the screenshot box. */
  async zoom(region: Region): Promise<Observation> {
    const { frame, settled } = await settleScreenshot(this._desktop);
    // The frame may have more pixels than the display has points (HiDPI): crop in the frame's own pixels.
    const fx = frame.width / this.screenshotSize.width;
    const fy = frame.height / this.screenshotSize.height;
    const left = Math.min(frame.width - 1, Math.floor(region.x0 * fx));
    const top = Math.min(frame.height - 1, Math.floor(region.y0 * fy));
    const right = Math.max(left + 1, Math.min(frame.width, Math.ceil(region.x1 * fx)));
    const bottom = Math.max(top + 1, Math.min(frame.height, Math.ceil(region.y1 * fy)));
    const crop = cropFrame(frame, { left, top, width: right - left, height: bottom - top });
    return { image: await encodeForModel(crop, zoomImageSize(crop, this.screenshotSize)), settled };
  }

  /** Where the pointer is, in screenshot pixels. */
  async cursorPosition(): Promise<Point> {
    return this._scale.toScreenshot(await this._desktop.cursorPosition());
  }

  /** Display pixels to act at: the given screenshot point, or where the pointer already is. */
  private async _target(at: Point | undefined): Promise<Point> {
    return at ? this.toDisplay(at) : this._desktop.cursorPosition();
  }
}
