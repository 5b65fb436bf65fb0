// A question a tool call waits on, drawn in that call's card (or at the end of the transcript): the
// question and its choices as buttons. The host decides; the card redraws from each state it is sent
// and, once answered, shows the answer in place of the buttons.
import type { PendingQuestion } from '../shared/protocol';
import type { HostRequests } from './hostRequests';
import { element } from './dom';
import { button, setEnabled } from './elements';

export class QuestionCard {
  readonly root = element('div', 'question');

  constructor(
    question: PendingQuestion,
    private readonly _requests: HostRequests,
  ) {
    this.update(question);
  }

  update(question: PendingQuestion): void {
    this.root.dataset.state = question.answer !== undefined ? 'answered' : question.unanswered ? 'unanswered' : 'waiting';
    const text = element('div', 'question-text', question.text);
    if (question.answer !== undefined) return void this.root.replaceChildren(text, element('div', 'question-answer', `Your answer: ${question.answer}`));
    if (question.unanswered) return void this.root.replaceChildren(text, element('div', 'question-answer', 'Not answered: the task stopped.'));
    const choices = element('div', 'question-choices');
    const buttons = question.choices.map((choice, index) => button(choice, index === 0 ? 'question-yes' : 'question-choice', { secondary: index > 0 }));
    buttons.forEach((node, index) => {
      node.addEventListener('click', () => {
        if (node.disabled) return;
        // One click, one answer: every choice waits for the host's word.
        for (const other of buttons) setEnabled(other, false);
        void this._requests.ask('answer-question', { id: question.id, choice: question.choices[index]! }).then((answer) => {
          // Taken: the question's new state redraws the card. Not taken: it says why, and the choices go away.
          if (!answer.taken) this.root.querySelector('.question-choices')?.replaceWith(element('div', 'question-answer', answer.why));
        });
      });
    });
    choices.append(...buttons);
    this.root.replaceChildren(text, choices);
  }

  /** The task ended: a question still drawn as waiting can no longer be answered. */
  endWaiting(): void {
    if (this.root.dataset.state !== 'waiting') return;
    this.root.dataset.state = 'unanswered';
    this.root.querySelector('.question-choices')?.replaceWith(element('div', 'question-answer', 'Not answered: the task ended.'));
  }
}
